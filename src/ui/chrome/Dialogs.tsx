import { useView } from "../app/session";
import { CsvDialog } from "./CsvDialog";
import { HelpOverlay } from "./HelpOverlay";
import { LibraryDialog } from "./LibraryDialog";
import { ProblemsDialog } from "./ProblemsDialog";
import { ShareDialog } from "./ShareDialog";

export function Dialogs() {
  const dialog = useView((s) => s.dialog);
  if (!dialog) return null;
  switch (dialog.kind) {
    case "help":
      return <HelpOverlay />;
    case "library":
      return <LibraryDialog />;
    case "share":
      return <ShareDialog url={dialog.url} note={dialog.note} />;
    case "problems":
      return <ProblemsDialog title={dialog.title} problems={dialog.problems} note={dialog.note} />;
    case "csv":
      return <CsvDialog initialText={dialog.text} fileName={dialog.fileName} />;
  }
}
