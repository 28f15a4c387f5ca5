/** The element of `id` on this page (every page's markup has the ids its script uses). */
export const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

/** Builds an element with text content (never HTML from data) and optional class and children. */
export function element(
  tag: string,
  text?: string,
  className?: string,
  ...children: Node[]
): HTMLElement {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  node.append(...children);
  return node;
}

/** A date and time the Vietnamese way (or English), in Vietnam's time zone. */
export const formatDateTime = (value: string | null | undefined, language: 'vi' | 'en'): string =>
  value
    ? new Date(value).toLocaleString(language === 'vi' ? 'vi-VN' : 'en-GB', {
        timeZone: 'Asia/Ho_Chi_Minh',
        dateStyle: 'short',
        timeStyle: 'short',
      })
    : '—';
