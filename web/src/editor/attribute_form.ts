import type { AppContext } from '../app_context';
import type { MessageKey } from '../i18n';
import type { EditableParcel, LandUseInput } from './editor_api';

/** "ONT 200; CLN 150,5" → [{ code: 'ONT', area: 200 }, { code: 'CLN', area: 150.5 }]; throws on a bad entry. */
export function parseLandUses(text: string): LandUseInput[] {
  return text
    .split(/[;\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      const match = /^([A-Za-z]{2,4})\s*[:=]?\s*([0-9]+(?:[.,][0-9]+)?)$/.exec(entry);
      if (!match) throw new Error(`landUses: "${entry}" is not "CODE area"`);
      return {
        code: (match[1] ?? '').toUpperCase(),
        area: Number((match[2] ?? '').replace(',', '.')),
      };
    });
}

export const formatLandUses = (uses: readonly LandUseInput[]): string =>
  uses.map((use) => `${use.code} ${use.area}`).join('; ');

/** What the form holds, parsed; numbers left empty are undefined. */
export interface FormValues {
  communeId: number | undefined;
  sheetNo: number | undefined;
  parcelNo: number | undefined;
  legalArea: number | undefined;
  landAddress: string;
  landUses: LandUseInput[];
  reason: string;
  snap: boolean;
}

const fields: { name: keyof FormValues; label: MessageKey; type: string }[] = [
  { name: 'communeId', label: 'editorCommuneId', type: 'number' },
  { name: 'sheetNo', label: 'sheet', type: 'number' },
  { name: 'parcelNo', label: 'parcel', type: 'number' },
  { name: 'legalArea', label: 'legalArea', type: 'number' },
  { name: 'landAddress', label: 'landAddress', type: 'text' },
  { name: 'landUses', label: 'editorLandUses', type: 'text' },
  { name: 'reason', label: 'editorReason', type: 'text' },
  { name: 'snap', label: 'editorSnap', type: 'checkbox' },
];

/** The attribute form of the editor: parcel numbers, areas, address, land uses, reason. */
export class AttributeForm {
  readonly element = document.createElement('form');
  private inputs = new Map<keyof FormValues, HTMLInputElement>();
  private labels = new Map<keyof FormValues, HTMLSpanElement>();

  constructor(private readonly app: AppContext) {
    this.element.id = 'editor-form';
    this.element.addEventListener('submit', (event) => event.preventDefault());
    for (const field of fields) {
      const label = document.createElement('label');
      const text = document.createElement('span');
      const input = document.createElement('input');
      input.name = field.name;
      input.type = field.type;
      input.id = `editor-${field.name}`;
      if (field.type === 'number') input.step = 'any';
      if (field.name === 'reason') {
        input.minLength = 3;
        input.maxLength = 500;
        input.required = true;
      }
      if (field.name === 'landUses') input.placeholder = 'ONT 200; CLN 150';
      label.className = field.type === 'checkbox' ? 'check' : '';
      label.append(text, input);
      this.element.append(label);
      this.inputs.set(field.name, input);
      this.labels.set(field.name, text);
    }
    this.setSnap(true);
    this.relabel();
  }

  relabel(): void {
    for (const field of fields)
      (this.labels.get(field.name) as HTMLSpanElement).textContent = this.app.t(field.label);
  }

  /** Shows the commune field only when a new parcel is being drawn. */
  setCreating(creating: boolean): void {
    const input = this.inputs.get('communeId') as HTMLInputElement;
    (input.parentElement as HTMLElement).hidden = !creating;
  }

  fill(parcel: Partial<EditableParcel> | undefined): void {
    const set = (name: keyof FormValues, value: unknown) => {
      (this.inputs.get(name) as HTMLInputElement).value =
        value === undefined || value === null ? '' : String(value);
    };
    set('communeId', parcel?.commune?.id);
    set('sheetNo', parcel?.sheetNo);
    set('parcelNo', parcel?.parcelNo);
    set('legalArea', parcel?.legalArea);
    set('landAddress', parcel?.landAddress);
    set('landUses', parcel?.landUses ? formatLandUses(parcel.landUses) : '');
  }

  /** Fills the commune and sheet only where the user has typed nothing yet. */
  suggestPlace(communeId: number, sheetNo: number): void {
    for (const [name, value] of [
      ['communeId', communeId],
      ['sheetNo', sheetNo],
    ] as const) {
      const input = this.inputs.get(name) as HTMLInputElement;
      if (input.value.trim() === '') input.value = String(value);
    }
  }

  /** Every saved change needs its own reason, so a save empties the field. */
  clearReason(): void {
    (this.inputs.get('reason') as HTMLInputElement).value = '';
  }

  setSnap(snap: boolean): void {
    (this.inputs.get('snap') as HTMLInputElement).checked = snap;
  }

  /** The parsed values; throws an Error naming the field when one cannot be read. */
  values(): FormValues {
    const text = (name: keyof FormValues) =>
      (this.inputs.get(name) as HTMLInputElement).value.trim();
    const number = (name: keyof FormValues) => {
      const raw = text(name).replace(',', '.');
      if (raw === '') return undefined;
      const value = Number(raw);
      if (!Number.isFinite(value)) throw new Error(`${name}: not a number`);
      return value;
    };
    return {
      communeId: number('communeId'),
      sheetNo: number('sheetNo'),
      parcelNo: number('parcelNo'),
      legalArea: number('legalArea'),
      landAddress: text('landAddress'),
      landUses: parseLandUses(text('landUses')),
      reason: text('reason'),
      snap: (this.inputs.get('snap') as HTMLInputElement).checked,
    };
  }
}
