/**
 * The upload form: files and options as the multipart body of a preview or an import.
 * Any change after a preview disables Confirm until the user previews again.
 */
export class UploadForm {
  /** Attribute chosen for a parcel field in the preview's mapping table. */
  fieldMap: Record<string, string> = {};

  constructor(
    readonly form: HTMLFormElement,
    private readonly confirm: HTMLButtonElement,
    onChange: () => void,
  ) {
    form.addEventListener('change', () => {
      this.ready(false);
      onChange();
    });
  }

  /** Enables or disables Confirm (after a successful preview, or after a change). */
  ready(enabled: boolean): void {
    this.confirm.disabled = !enabled;
  }

  /** The multipart body: every chosen file in `files`, the options that are set, the mapping. */
  body(): FormData {
    const data = new FormData();
    const input = this.form.elements.namedItem('files') as HTMLInputElement;
    for (const file of input.files ?? []) data.append('files', file, file.name);
    for (const name of ['srid', 'encoding', 'communeCode', 'onError', 'onExisting']) {
      const value = (this.form.elements.namedItem(name) as HTMLInputElement).value.trim();
      if (value) data.append(name, value);
    }
    const dryRun = this.form.elements.namedItem('dryRun') as HTMLInputElement;
    data.append('dryRun', String(dryRun.checked));
    const chosen = Object.entries(this.fieldMap).filter(([, attribute]) => attribute);
    if (chosen.length > 0) data.append('fieldMap', JSON.stringify(Object.fromEntries(chosen)));
    return data;
  }

  /** Puts the cursor in the input the server named (srid, encoding, …), when there is one. */
  focus(field: string | undefined): void {
    const input = field ? this.form.elements.namedItem(field) : null;
    if (input instanceof HTMLElement) input.focus();
  }
}
