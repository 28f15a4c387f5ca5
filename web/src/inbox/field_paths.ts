import { ApiError } from '../api';
import { element } from '../dom';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** Sets `value` at a dotted path ("recipients.0.idNumber"); numeric segments make arrays. */
function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  let node: Record<string, unknown> = target;
  for (const [index, key] of keys.entries()) {
    if (index === keys.length - 1) {
      node[key] = value;
      return;
    }
    const nextIsIndex = /^\d+$/.test(keys[index + 1] ?? '');
    node[key] ??= nextIsIndex ? [] : {};
    node = node[key] as Record<string, unknown>;
  }
}

/**
 * The JSON body of the enabled controls under `root` that carry a `data-field` path, named
 * exactly as the server names fields in its errors (`applicant.idNumber`,
 * `recipients.0.share`): empty ones are left out, `data-type="number"` ones are numbers.
 * Arrays keep the order of their rows however rows were removed.
 */
export function collectFields(root: HTMLElement): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const control of root.querySelectorAll<Control>('[data-field]')) {
    if (!('value' in control) || control.disabled) continue;
    const value = control.value.trim();
    if (value === '') continue;
    const number = control.dataset.type === 'number';
    setAt(body, control.dataset.field ?? '', number ? Number(value.replace(',', '.')) : value);
  }
  return compactArrays(body) as Record<string, unknown>;
}

/** Drops the holes removed rows leave in arrays. */
function compactArrays(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(compactArrays);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, compactArrays(item)]),
    );
  }
  return value;
}

/** Removes every field error shown under `root`. */
export function clearFieldErrors(root: HTMLElement): void {
  for (const shown of root.querySelectorAll('.field-error')) shown.remove();
  for (const marked of root.querySelectorAll('[aria-invalid]'))
    marked.removeAttribute('aria-invalid');
}

/**
 * Shows `message` next to the control of `field`, or of the longest part of its path that
 * has one (`recipients: shares must add up to 1` beside the recipients list). False when no
 * control under `root` matches.
 */
export function showFieldError(root: HTMLElement, field: string, message: string): boolean {
  const parts = field.split('.');
  for (let length = parts.length; length > 0; length--) {
    const path = parts.slice(0, length).join('.');
    const target = root.querySelector<HTMLElement>(
      `[data-field="${CSS.escape(path)}"], [data-field-group="${CSS.escape(path)}"]`,
    );
    if (!target) continue;
    target.setAttribute('aria-invalid', 'true');
    const note = element('small', message, 'field-error');
    note.setAttribute('role', 'alert');
    note.dataset.errorFor = field;
    if (target.dataset.fieldGroup !== undefined) target.append(note);
    else (target.closest('label') ?? target).after(note);
    if ('focus' in target && target.dataset.fieldGroup === undefined) target.focus();
    return true;
  }
  return false;
}

/** The server's words for a failure: its message and status, or the browser's. */
export function failureText(failure: unknown): string {
  if (failure instanceof ApiError) return `${failure.message} (${failure.status})`;
  return failure instanceof Error ? failure.message : String(failure);
}

/**
 * Shows a refused request under `root`: the field's error next to its control when the
 * server names one, and the server's message in `message` in any case.
 */
export function showFailure(root: HTMLElement, message: HTMLElement, failure: unknown): void {
  clearFieldErrors(root);
  const field = failure instanceof ApiError ? failure.detail?.field : undefined;
  if (typeof field === 'string')
    showFieldError(root, field, failure instanceof Error ? failure.message : '');
  message.textContent = failureText(failure);
  message.className = 'message refused';
}
