/**
 * Lines kept within a character budget, in order; the first line always stays (so an answer is
 * never empty). `dropped` counts the lines left out.
 */
export function fitLines(
  lines: readonly string[],
  budgetChars: number,
): { kept: number; dropped: number } {
  let used = 0;
  let kept = 0;
  for (const line of lines) {
    if (kept > 0 && used + line.length + 1 > budgetChars) break;
    used += line.length + 1;
    kept++;
  }
  return { kept, dropped: lines.length - kept };
}
