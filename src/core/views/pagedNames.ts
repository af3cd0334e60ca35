import type { PageCursor, RegistryResult } from '../registry/registryTypes';

// A registry list (a repository's tags, the catalog) as a tree view shows it: fetched a page at a time,
// shown `pageSize` more at a time behind "Load more…", ordered and filtered within what is loaded.

export interface NamePage {
  readonly names: readonly string[];
  readonly next?: PageCursor;
}

export type FetchNamePage = (request: { readonly from?: PageCursor; readonly pageSize: number; readonly signal?: AbortSignal }) => Promise<RegistryResult<NamePage>>;

export interface NamesView {
  readonly names: readonly string[];
  /** Whether "Load more…" has something to show: loaded names past the shown ones, or a next page. */
  readonly more: boolean;
  /** Names loaded and matching, but not shown yet. */
  readonly hiddenCount: number;
}

export class PagedNames {
  private readonly loadedNames: string[] = [];
  private readonly seen = new Set<string>();
  private next: PageCursor | undefined;
  private started = false;
  private starting: Promise<RegistryResult<void>> | undefined;
  private shown: number;

  constructor(
    private readonly fetchPage: FetchNamePage,
    /** How the names are ordered for people (sortTags for tags, A→Z for repositories). */
    private readonly order: (names: readonly string[]) => string[],
    readonly pageSize = 50,
  ) {
    this.shown = pageSize;
  }

  get isLoaded(): boolean {
    return this.started;
  }

  /** Every name loaded so far, in the registry's order. */
  get loaded(): readonly string[] {
    return this.loadedNames;
  }

  /** The first page, once (again after reset()); callers that come while it loads share that load. */
  start(signal?: AbortSignal): Promise<RegistryResult<void>> {
    if (this.started) return Promise.resolve({ ok: true, value: undefined });
    this.starting ??= this.fetchPage({ pageSize: this.pageSize, ...(signal ? { signal } : {}) }).then(page => {
      this.starting = undefined;
      if (!page.ok) return page;
      this.started = true;
      this.add(page.value);
      return { ok: true, value: undefined };
    });
    return this.starting;
  }

  /**
   * Shows `pageSize` more, fetching pages until that many match `filter` or the registry has no more.
   * Registries that ignore the page size (distribution 2.8 for tags) sent everything at once: no fetch.
   */
  async showMore(filter: (names: readonly string[]) => readonly string[] = names => names, signal?: AbortSignal): Promise<RegistryResult<void>> {
    this.shown += this.pageSize;
    return this.fill(filter, signal);
  }

  /** Fetches every remaining page (for a search: it must see every name, not only the loaded ones). */
  async loadAll(signal?: AbortSignal, maxNames = 20_000): Promise<RegistryResult<void>> {
    const started = await this.start(signal);
    if (!started.ok) return started;
    while (this.next && this.loadedNames.length < maxNames) {
      const fetched = await this.fetchNext(signal);
      if (!fetched.ok) return fetched;
    }
    return { ok: true, value: undefined };
  }

  /** What to show: ordered (within what is loaded), filtered, the first `shown`. */
  view(filter: (names: readonly string[]) => readonly string[] = names => names): NamesView {
    const matching = filter(this.order(this.loadedNames));
    const names = matching.slice(0, this.shown);
    return { names, hiddenCount: matching.length - names.length, more: matching.length > names.length || this.next !== undefined };
  }

  /** Forgets everything: the next start() fetches the first page again. */
  reset(): void {
    this.loadedNames.length = 0;
    this.seen.clear();
    this.next = undefined;
    this.started = false;
    this.starting = undefined;
    this.shown = this.pageSize;
  }

  /** Adds a name that now exists (a retagged tag) without fetching again. */
  insert(name: string): void {
    if (this.seen.has(name)) return;
    this.seen.add(name);
    this.loadedNames.push(name);
  }

  private async fill(filter: (names: readonly string[]) => readonly string[], signal?: AbortSignal): Promise<RegistryResult<void>> {
    const started = await this.start(signal);
    if (!started.ok) return started;
    while (this.next && filter(this.loadedNames).length < this.shown) {
      const fetched = await this.fetchNext(signal);
      if (!fetched.ok) return fetched;
    }
    return { ok: true, value: undefined };
  }

  private async fetchNext(signal?: AbortSignal): Promise<RegistryResult<void>> {
    const from = this.next;
    if (!from) return { ok: true, value: undefined };
    const page = await this.fetchPage({ from, pageSize: this.pageSize, ...(signal ? { signal } : {}) });
    if (!page.ok) return page;
    this.add(page.value);
    // A registry that links back to a page already read ends the walk.
    if (this.next?.url === from.url) this.next = undefined;
    return { ok: true, value: undefined };
  }

  private add(page: NamePage): void {
    for (const name of page.names) this.insert(name);
    this.next = page.next;
  }
}
