// A whole graph in a link: the GraphDoc text, deflated with fflate, in base64url after "#g=".
// The hash never reaches a server, so a shared graph stays between the people who share it.
import { deflateSync, inflateSync, strFromU8, strToU8 } from "fflate";
import type { GraphDoc } from "../../graph/doc";
import { type LoadResult, parseGraphDoc, serializeGraphDoc } from "../../graph/load";

const HASH_KEY = "g";

function toBase64Url(bytes: Uint8Array): string {
  let binary = "";
  // Chunked: String.fromCharCode(...big) overflows the argument stack.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text: string): Uint8Array {
  const b64 = text.replace(/-/g, "+").replace(/_/g, "/");
  const binary = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

export function encodeShare(doc: GraphDoc): string {
  return toBase64Url(deflateSync(strToU8(serializeGraphDoc(doc)), { level: 9 }));
}

export function decodeShare(code: string): LoadResult {
  let text: string;
  try {
    text = strFromU8(inflateSync(fromBase64Url(code)));
  } catch {
    return {
      ok: false,
      problems: [{ path: "", message: "the shared link is damaged: its graph could not be decompressed" }],
    };
  }
  return parseGraphDoc(text, "shared link");
}

/** A link to `doc` on the page at `base` (its hash replaced). */
export function shareUrl(base: string, doc: GraphDoc): string {
  return `${base.split("#")[0]}#${HASH_KEY}=${encodeShare(doc)}`;
}

/** The code in a location hash such as "#g=…", or null. */
export function shareCodeIn(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ""));
  return params.get(HASH_KEY);
}
