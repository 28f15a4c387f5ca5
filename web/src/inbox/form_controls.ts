import { element } from '../dom';

/** Options of a control: its `data-field` path, whether it is needed, and its kind. */
export interface ControlOptions {
  type?: 'text' | 'number' | 'date' | 'email' | 'tel';
  required?: boolean;
  /** Sent as a number (`data-type="number"`). */
  numeric?: boolean;
  value?: string;
  step?: string;
}

/** A labelled input whose `data-field` is the server's name of the field. */
export function field(label: string, path: string, options: ControlOptions = {}): HTMLLabelElement {
  const control = element('input') as HTMLInputElement;
  control.type = options.type ?? 'text';
  control.name = path;
  control.dataset.field = path;
  if (options.numeric || options.type === 'number') control.dataset.type = 'number';
  if (options.step) control.step = options.step;
  control.required = options.required ?? false;
  if (options.value !== undefined) control.value = options.value;
  return element('label', undefined, 'field', element('span', label), control) as HTMLLabelElement;
}

/** A labelled select of `choices` ([value, label]) whose `data-field` is `path`. */
export function choice(
  label: string,
  path: string,
  choices: readonly (readonly [string, string])[],
  value?: string,
): HTMLLabelElement {
  const select = element('select') as HTMLSelectElement;
  select.name = path;
  select.dataset.field = path;
  for (const [optionValue, optionLabel] of choices) {
    select.append(new Option(optionLabel, optionValue, false, optionValue === value));
  }
  return element('label', undefined, 'field', element('span', label), select) as HTMLLabelElement;
}

/** The control inside a label made by `field` or `choice`. */
export const controlOf = <T extends HTMLElement = HTMLInputElement>(label: HTMLElement): T =>
  label.querySelector('input, select, textarea') as T;

/** A button that does not submit its form. */
export function button(text: string, onClick: () => void, className?: string): HTMLButtonElement {
  const node = element('button', text, className) as HTMLButtonElement;
  node.type = 'button';
  node.addEventListener('click', onClick);
  return node;
}
