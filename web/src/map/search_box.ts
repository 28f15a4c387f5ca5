import type { ParcelSearchHit as SearchHit } from '../../../core/api/parcel_search_hit';
import { getJson } from '../api';
import type { AppContext } from '../app_context';

/**
 * Turns what the user typed into API queries: "Đại Tâm 12 345" or "94123, 12, 345" is
 * commune + sheet + parcel; text without digits is a commune name and, for staff, a
 * holder name too (matched without diacritics by the server).
 */
export function searchQueries(text: string, staff: boolean): URLSearchParams[] {
  const trimmed = text.trim();
  const numbers = /^(.*?)[\s,/]+(\d+)(?:[\s,/]+(\d+))?$/.exec(trimmed);
  if (numbers?.[1]) {
    const query = new URLSearchParams({ commune: numbers[1].trim(), sheet: numbers[2] ?? '' });
    if (numbers[3]) query.set('parcel', numbers[3]);
    return [query];
  }
  const queries = [new URLSearchParams({ commune: trimmed, limit: '5' })];
  if (staff && trimmed.length >= 3) queries.push(new URLSearchParams({ holder: trimmed }));
  return queries;
}

/** The search form in the header; calls `onPick` with the hit the user chooses. */
export class SearchBox {
  constructor(
    form: HTMLFormElement,
    private readonly results: HTMLElement,
    private readonly app: AppContext,
    private readonly onPick: (hit: SearchHit) => void,
  ) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.run(new FormData(form).get('q')?.toString() ?? '');
    });
  }

  private async run(text: string): Promise<void> {
    if (text.trim().length < 2) return;
    const responses = await Promise.all(
      searchQueries(text, this.app.session !== undefined).map((query) =>
        getJson<{ hits: SearchHit[] }>(`/api/parcels/search?${query}`).then(
          (body) => body.hits,
          () => [],
        ),
      ),
    );
    const hits = responses.flat();
    this.results.replaceChildren();
    this.results.hidden = false;
    if (hits.length === 0) {
      this.results.textContent = this.app.t('noResults');
      return;
    }
    for (const hit of hits) {
      const button = document.createElement('button');
      button.type = 'button';
      const holders = hit.holderNames ? ` — ${hit.holderNames.join(', ')}` : '';
      button.textContent = `${hit.commune.name}: ${this.app.t('sheet')} ${hit.sheetNo}, ${this.app.t('parcel')} ${hit.parcelNo}${holders}`;
      button.addEventListener('click', () => {
        this.results.hidden = true;
        this.onPick(hit);
      });
      this.results.append(button);
    }
  }
}
