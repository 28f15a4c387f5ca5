import type * as maplibregl from 'maplibre-gl';
import type { TerraDraw } from 'terra-draw';
import { ApiError, type Session } from '../api';
import type { AppContext } from '../app_context';
import { formatNumber, type MessageKey } from '../i18n';
import { AttributeForm } from './attribute_form';
import { editableShape } from './editable_shape';
import { type DryRun, type EditableParcel, EditorApi } from './editor_api';
import { createParcelDraw } from './editor_draw';
import { EditorLayers } from './editor_layers';
import { type EditorAction, EditorPanel } from './editor_panel';
import { HistoryView } from './history_view';
import { NeighbourSet } from './neighbour_set';
import { ringsOf, snapToNeighbours } from './neighbour_snapping';
import { refreshCadastre } from './refresh_cadastre';
import { requestFor, type Task } from './submit_task';
import { type Violation, violationFeatures, violationsOf } from './violations';

/** Roles the API lets write parcels; everyone else never sees the editor. */
export const canEdit = (session: Session | undefined): boolean =>
  session?.user.role === 'surveyor' || session?.user.role === 'admin';

const feature = (geometry: GeoJSON.Geometry, properties = {}): GeoJSON.Feature => ({
  type: 'Feature',
  properties,
  geometry,
});

/**
 * The parcel editor of the staff map (surveyors and admins): pick a parcel and move, add
 * or delete its vertices, draw a new parcel, draw a split line, choose parcels to merge,
 * edit attributes, check an edit with the API's dry run (violations drawn in red), save,
 * undo the last saved edit, and browse the parcel's versions on a slider. Vertex handling
 * and snapping are terra-draw's; this class only sequences them with the API. After a
 * save the cadastre tiles are refetched so the map shows the new state at once.
 */
export class ParcelEditor {
  /** True while the editor owns map clicks (the info panel's click is ignored then). */
  active = false;
  private readonly api: EditorApi;
  private readonly layers: EditorLayers;
  private readonly form: AttributeForm;
  private readonly history: HistoryView;
  private readonly panel: EditorPanel;
  private draw: TerraDraw | undefined;
  private task: Task = { kind: 'pick' };
  private readonly neighbours: NeighbourSet;
  private dossierId: number | undefined;

  constructor(
    private readonly map: maplibregl.Map,
    private readonly app: AppContext,
    private readonly root: HTMLElement,
    private readonly toggle: HTMLButtonElement,
    private readonly onOpen: () => void,
  ) {
    this.api = new EditorApi(() => app.session);
    this.layers = new EditorLayers(map);
    this.neighbours = new NeighbourSet(map, this.api);
    this.form = new AttributeForm(app);
    this.history = new HistoryView(app, (version) =>
      this.layers.set('history', version ? [feature(version.geometry)] : []),
    );
    this.panel = new EditorPanel(root, app, this.form, this.history, (action) => {
      void this.run(action);
    });
    this.panel.dossier.addEventListener('change', () => void this.setDossier());
    toggle.addEventListener('click', () => void (this.active ? this.close() : this.open()));
    map.on('click', (event) => void this.onMapClick(event.point));
    map.on('moveend', () => {
      if (this.active) void this.neighbours.reload();
    });
    // Runs before the map swaps its style for the new session: terra-draw's layers must go first.
    app.onChange((what) => {
      if (what === 'session' && this.active) this.close();
      this.toggle.hidden = !canEdit(app.session);
      this.toggle.textContent = app.t('editorOpen');
      this.form.relabel();
      this.history.relabel();
      this.panel.relabel();
    });
    this.toggle.hidden = !canEdit(app.session);
  }

  private async open(): Promise<void> {
    if (!canEdit(this.app.session)) return;
    if (!this.map.isStyleLoaded()) await this.map.once('idle');
    this.onOpen();
    this.active = true;
    this.root.hidden = false;
    this.toggle.setAttribute('aria-pressed', 'true');
    this.draw = createParcelDraw(
      this.map,
      snapToNeighbours(() => this.snapTargets()),
    );
    this.draw.start();
    this.draw.on('finish', (id, context) => {
      if (context.action === 'draw') void this.onFinish(id);
    });
    await this.neighbours.reload();
    this.startPick();
  }

  private close(): void {
    this.draw?.stop();
    this.draw = undefined;
    this.active = false;
    this.root.hidden = true;
    this.toggle.setAttribute('aria-pressed', 'false');
    this.history.hide();
    this.layers.clear();
    this.task = { kind: 'pick' };
  }

  /** Neighbours to snap to: every current parcel in view except the one being edited or split. */
  private snapTargets(): GeoJSON.Feature[] {
    const task = this.task;
    return this.neighbours.except(
      task.kind === 'edit' || task.kind === 'split' ? task.parcel.parcelId : undefined,
    );
  }

  private setState(state: 'idle' | 'busy' | 'checked' | 'saved' | 'failed'): void {
    this.root.dataset.state = state;
    this.root.dataset.task = this.task.kind;
  }

  private resetDrawing(): void {
    this.draw?.setMode('static');
    this.draw?.clear();
    this.layers.clear('violations', 'preview', 'merge');
    this.panel.setViolations(undefined);
    this.panel.setList(undefined, []);
  }

  private startPick(): void {
    this.task = { kind: 'pick' };
    this.resetDrawing();
    this.history.hide();
    this.form.fill(undefined);
    this.form.setCreating(false);
    delete this.root.dataset.parcelId;
    delete this.root.dataset.children;
    this.panel.setStatus('editorHintPick');
    this.panel.enable(['draw', 'merge']);
    this.setState('idle');
  }

  /**
   * Loads a parcel into the editor: its outer ring (of the part at `near`, a WGS84 position,
   * for a parcel of several parts) into terra-draw's select mode, its attributes into the form.
   */
  private edit(parcel: EditableParcel, status?: MessageKey, near?: GeoJSON.Position): void {
    const draw = this.draw;
    if (!draw) return;
    this.resetDrawing();
    this.form.fill(parcel);
    this.form.setCreating(false);
    const task: Task = { kind: 'edit', parcel };
    this.task = task;
    const shape = editableShape(parcel.geometry, near);
    if (shape) {
      const id = draw.getFeatureId();
      draw.addFeatures([
        { type: 'Feature', id, geometry: shape.polygon, properties: { mode: 'polygon' } },
      ]);
      draw.setMode('select');
      draw.selectFeature(id);
      task.featureId = id;
      task.shape = shape;
      task.baseline = JSON.stringify(draw.getSnapshotFeature(id)?.geometry);
    }
    this.root.dataset.parcelId = String(parcel.parcelId);
    this.root.dataset.versionNo = String(parcel.versionNo);
    this.panel.setStatus(
      status ??
        (shape
          ? shape.partial
            ? 'editorOuterRingOnly'
            : 'editorHintVertices'
          : 'editorAttributesOnly'),
      `${this.app.t('sheet')} ${parcel.sheetNo}, ${this.app.t('parcel')} ${parcel.parcelNo} (v${parcel.versionNo})`,
    );
    this.panel.enable([
      'pick',
      'draw',
      'split',
      'merge',
      'history',
      'check',
      'save',
      'undo',
      'undoStep',
    ]);
    this.setState('idle');
  }

  private parcelAt(point: maplibregl.Point): number | undefined {
    const hit = this.map
      .queryRenderedFeatures(point)
      .find((candidate) => candidate.sourceLayer === 'parcels');
    const id = hit ? Number(hit.id ?? hit.properties?.parcel_id) : Number.NaN;
    return Number.isNaN(id) ? undefined : id;
  }

  private async onMapClick(point: maplibregl.Point): Promise<void> {
    if (!this.active) return;
    const task = this.task;
    if (task.kind !== 'pick' && task.kind !== 'merge') return;
    const id = this.parcelAt(point);
    if (id === undefined) return;
    if (task.kind === 'pick') {
      const { lng, lat } = this.map.unproject(point);
      await this.guard(async () => this.edit(await this.api.parcel(id), undefined, [lng, lat]));
      return;
    }
    const index = task.parcels.findIndex((parcel) => parcel.parcelId === id);
    let loaded = true;
    if (index >= 0) task.parcels.splice(index, 1);
    else
      loaded = await this.guard(async () => {
        task.parcels.push(await this.api.parcel(id));
      });
    this.showMerge(task.parcels);
    // guard() left the editor busy; a failed load stays "failed" with its violation listed.
    if (loaded) this.setState('idle');
  }

  private showMerge(parcels: EditableParcel[]): void {
    this.layers.set(
      'merge',
      parcels.map((parcel) => feature(parcel.geometry)),
    );
    this.panel.setList(
      'editorMergeList',
      parcels.map(
        (parcel) =>
          `#${parcel.parcelId}: ${parcel.sheetNo}/${parcel.parcelNo} (v${parcel.versionNo})`,
      ),
    );
    this.panel.enable(parcels.length >= 2 ? ['pick', 'check', 'save'] : ['pick']);
  }

  private async onFinish(id: string | number): Promise<void> {
    const draw = this.draw;
    if (!draw) return;
    if (this.task.kind === 'split') {
      // One split line at a time: a new line replaces the previous one.
      const previous = this.task.lineId;
      if (previous !== undefined && previous !== id && draw.hasFeature(previous))
        draw.removeFeatures([previous]);
      this.task.lineId = id;
      // Other parts, other numbers: the list of the previous line's parts goes.
      this.panel.setList(undefined, []);
      this.panel.enable(['pick', 'check', 'save', 'undoStep', 'history']);
      return;
    }
    if (this.task.kind !== 'create') return;
    this.task.featureId = id;
    draw.setMode('select');
    draw.selectFeature(id);
    this.panel.setStatus('editorHintVertices');
    this.panel.enable(['pick', 'check', 'save', 'undoStep']);
    await this.prefillCommune(draw.getSnapshotFeature(id)?.geometry);
  }

  /** A new parcel belongs to the commune and sheet of the neighbour under its first vertex. */
  private async prefillCommune(geometry: GeoJSON.Geometry | undefined): Promise<void> {
    const [lng = 0, lat = 0] = ringsOf(geometry)[0]?.[0] ?? [];
    const point = this.map.project([lng, lat]);
    const near = this.parcelAt(point) ?? this.neighbours.first();
    if (near === undefined) return;
    const neighbour = await this.api.parcel(Number(near)).catch(() => undefined);
    if (neighbour) this.form.suggestPlace(neighbour.commune.id, neighbour.sheetNo);
  }

  /** Runs an API call; failures become listed, red-drawn violations. */
  private async guard(work: () => Promise<void>): Promise<boolean> {
    this.setState('busy');
    try {
      await work();
      return true;
    } catch (failure) {
      this.showViolations(violationsOf(failure));
      this.setState('failed');
      return false;
    }
  }

  private showViolations(violations: Violation[]): void {
    this.panel.setViolations(violations);
    this.layers.set('violations', violationFeatures(violations));
  }

  private async run(action: EditorAction): Promise<void> {
    const draw = this.draw;
    if (!draw) return;
    const task = this.task;
    switch (action) {
      case 'close':
        return this.close();
      case 'pick':
        return this.startPick();
      case 'draw':
        this.resetDrawing();
        this.history.hide();
        this.task = { kind: 'create' };
        this.form.fill(undefined);
        this.form.setCreating(true);
        draw.setMode('polygon');
        this.panel.setStatus('editorHintDraw');
        this.panel.enable(['pick']);
        return this.setState('idle');
      case 'split':
        if (task.kind !== 'edit') return;
        this.resetDrawing();
        this.task = { kind: 'split', parcel: task.parcel };
        this.layers.set('preview', [feature(task.parcel.geometry)]);
        draw.setMode('linestring');
        this.panel.setStatus('editorHintSplit');
        this.panel.enable(['pick', 'history']);
        return this.setState('idle');
      case 'merge': {
        this.resetDrawing();
        this.history.hide();
        const parcels = task.kind === 'edit' ? [task.parcel] : [];
        this.task = { kind: 'merge', parcels };
        // Empty: land uses typed here are the merged parcel's (needed when the parents differ).
        this.form.fill(undefined);
        this.panel.setStatus('editorHintMerge');
        this.showMerge(parcels);
        return this.setState('idle');
      }
      case 'history':
        if (task.kind !== 'edit' && task.kind !== 'split') return;
        if (!this.history.element.hidden) return this.history.hide();
        await this.guard(async () =>
          this.history.show(await this.api.history(task.parcel.parcelId)),
        );
        return;
      case 'undoStep':
        draw.undo();
        return;
      case 'undo':
        if (task.kind !== 'edit') return;
        await this.afterSave(this.api.undo(task.parcel));
        return;
      case 'check':
      case 'save':
        return this.submit(action === 'check');
    }
  }

  private async setDossier(): Promise<void> {
    const value = Number(this.panel.dossier.value);
    this.dossierId = Number.isInteger(value) && value > 0 ? value : undefined;
    this.layers.set('pending', []);
    if (this.dossierId === undefined) return;
    const id = this.dossierId;
    await this.guard(async () => {
      const pending = await this.api.pendingParcels(id);
      this.layers.set('pending', pending.features);
      this.panel.setStatus('editorPendingCount', `#${id}: ${pending.features.length}`);
      this.setState('idle');
    });
  }

  /** Sends the current task to the API, as a dry run (`check`) or for real. */
  private async submit(dryRun: boolean): Promise<void> {
    const draw = this.draw;
    if (!draw) return;
    let values: ReturnType<AttributeForm['values']>;
    try {
      values = this.form.values();
    } catch (failure) {
      return this.showViolations(violationsOf(failure));
    }
    if (values.reason.length < 3) return this.panel.setStatus('editorNeedReason');
    this.layers.clear('violations');
    if (this.task.kind === 'split') this.task.partNumbers = this.panel.listedNumbers();
    const request = requestFor(this.task, draw, values, this.dossierId, this.api, dryRun);
    if (!request) return this.panel.setStatus('editorNeedShape');
    if (!dryRun) return this.afterSave(request);
    await this.guard(async () => {
      const result = (await request) as DryRun;
      this.showPreview(result);
      this.panel.setViolations([]);
      this.setState('checked');
    });
  }

  private showPreview(result: DryRun): void {
    const parts = result.preview?.parts ?? [];
    const geometries = result.preview?.geometry
      ? [result.preview.geometry]
      : parts.map((part) => part.geometry);
    this.layers.set(
      'preview',
      geometries.map((geometry) => feature(geometry)),
    );
    if (this.task.kind === 'split') {
      // The numbers the server would give; the surveyor may change them before saving.
      const numbers = parts.map((part) => part.parcelNo);
      this.panel.setList(
        'editorParts',
        parts.map(
          (part, index) =>
            `${index + 1}: ${formatNumber(this.app.language, part.computedArea, 1)} m²`,
        ),
        numbers.every((number) => number !== undefined) ? (numbers as number[]) : [],
      );
    }
  }

  /** After a write: fresh tiles and neighbours, then the resulting parcel in the editor. */
  private async afterSave(request: Promise<unknown>): Promise<void> {
    let result: unknown;
    this.setState('busy');
    try {
      result = await request;
    } catch (failure) {
      this.showViolations(violationsOf(failure));
      this.setState('failed');
      // A stale version (412) is reloaded so the surveyor can redo the edit on top of it.
      if (failure instanceof ApiError && failure.status === 412 && this.task.kind === 'edit') {
        const latest = await this.api.parcel(this.task.parcel.parcelId).catch(() => undefined);
        if (latest) this.edit(latest, 'editorStale');
      }
      return;
    }
    refreshCadastre(this.map);
    this.form.clearReason();
    await this.neighbours.reload();
    if (this.dossierId !== undefined) await this.setDossier();
    const saved: MessageKey = this.dossierId === undefined ? 'editorSaved' : 'editorSavedPending';
    const body = result as Partial<
      EditableParcel & { children: EditableParcel[]; merged: EditableParcel }
    >;
    if (body.children) {
      this.startPick();
      this.root.dataset.children = body.children.map((child) => child.parcelId).join(',');
      this.panel.setList(
        'editorChildren',
        body.children.map((child) => `#${child.parcelId}: ${child.sheetNo}/${child.parcelNo}`),
      );
      this.panel.setStatus(saved);
    } else if (body.merged) {
      this.edit(body.merged, saved);
    } else if (body.parcelId !== undefined) {
      this.edit(body as EditableParcel, saved);
    } else {
      this.startPick();
      this.panel.setStatus(saved);
    }
    this.setState('saved');
  }
}
