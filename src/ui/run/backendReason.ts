// The backend notice's wording, apart from React so that it is tested headless.

/**
 * createTrainSession's reason (autoSession.ts) as a short lead and its figures: "CPU is faster
 * here — google/swiftshader: …", "no WebGPU adapter: …", "the WebGPU backend was requested:
 * google/swiftshader (software)". The badge names the backend, so a request reads "As chosen".
 */
export function splitReason(reason: string): { lead: string; detail: string } {
  const sep = reason.includes(" — ") ? " — " : ": ";
  const at = reason.indexOf(sep);
  let [lead, detail] = at < 0 ? [reason, ""] : [reason.slice(0, at), reason.slice(at + sep.length)];
  if (/^the (CPU|WebGPU) backend was requested$/.test(lead)) lead = "as chosen";
  return { lead: lead.charAt(0).toUpperCase() + lead.slice(1), detail };
}
