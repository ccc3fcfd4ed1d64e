// What the benchmark reports share: medians, the numbers' format, and writing one marked
// section of a document (the rest of it is prose, kept as it is).
import fs from "node:fs";

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

export const format = (value, unit) => {
  if (value === undefined) return "—";
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const number = value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  return unit === "/s" || unit === "" ? number : `${number} ${unit}`;
};

/** The median of `list` in bold, with its min–max when there are several. */
export const spreadCell = (list, unit) => {
  if (!list.length) return "—";
  const spread = list.length > 1 ? ` (${format(Math.min(...list), "")}–${format(Math.max(...list), "")})` : "";
  return `**${format(median(list), unit)}**${spread}`;
};

/**
 * Replaces what lies between "<!-- NAME:begin" and "<!-- NAME:end -->" in `docFile` with
 * `lines` (markers included); appends it under `heading` when the markers are not there yet.
 */
export function writeSection(docFile, name, heading, lines) {
  const begin = `<!-- ${name}:begin (written by ${lines.writer}; edit the script, not this section) -->`;
  const endMarker = `<!-- ${name}:end -->`;
  const section = [begin, ...lines, endMarker].join("\n");
  const doc = fs.readFileSync(docFile, "utf8");
  const at = doc.indexOf(`<!-- ${name}:begin`);
  const end = doc.indexOf(endMarker);
  const updated = at >= 0 && end > at
    ? doc.slice(0, at) + section + doc.slice(end + endMarker.length)
    : `${doc.trimEnd()}\n\n## ${heading}\n\n${section}\n`;
  fs.writeFileSync(docFile, updated);
}
