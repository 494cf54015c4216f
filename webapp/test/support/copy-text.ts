// Reads what a copy block shows (a token, environment lines, a configuration) by its label.
import { screen } from '@testing-library/react';

export function copyText(label: string): string {
  return (screen.getByLabelText(label, { selector: 'textarea' }) as HTMLTextAreaElement).value;
}

export async function findCopyText(label: string): Promise<string> {
  return ((await screen.findByLabelText(label, { selector: 'textarea' })) as HTMLTextAreaElement)
    .value;
}

/** Whether `secret` is anywhere on the page: in its text or in the value of any text field. */
export function pageShows(secret: string): boolean {
  if (document.body.textContent?.includes(secret)) return true;
  return [...document.querySelectorAll('textarea, input')].some((field) =>
    (field as HTMLTextAreaElement | HTMLInputElement).value.includes(secret),
  );
}
