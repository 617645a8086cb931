import type { WirePage } from './wire-types.js';

/** One page of a list, with a way to the next. */
export class Page<T> {
  readonly items: T[];
  /** Pass back as `cursor` to get the next page; null on the last page. */
  readonly nextCursor: string | null;
  readonly totalPages: number;
  readonly currentPage: number;
  readonly totalItems: number;
  readonly #fetch: (cursor: string) => Promise<Page<T>>;

  constructor(wire: WirePage<unknown>, items: T[], fetchPage: (cursor: string) => Promise<Page<T>>) {
    this.items = items;
    this.nextCursor = wire.next_cursor ?? null;
    this.totalPages = wire.total_pages;
    this.currentPage = wire.current_page;
    this.totalItems = wire.total_items;
    this.#fetch = fetchPage;
  }

  hasNextPage(): boolean {
    return this.nextCursor !== null;
  }

  /** The next page; call only when `hasNextPage()`. */
  nextPage(): Promise<Page<T>> {
    if (this.nextCursor === null) return Promise.reject(new RangeError('This is the last page; check hasNextPage() first.'));
    return this.#fetch(this.nextCursor);
  }
}

/**
 * `await` it for the first page, or `for await` over it for every item of every page:
 *
 *     const first = await session.toolkits({ limit: 10 });
 *     for await (const toolkit of session.toolkits()) console.log(toolkit.slug);
 */
export class PagePromise<T> implements PromiseLike<Page<T>>, AsyncIterable<T> {
  readonly #load: () => Promise<Page<T>>;
  #first: Promise<Page<T>> | undefined;

  constructor(load: () => Promise<Page<T>>) {
    // Lazy: nothing is requested until the caller awaits or iterates.
    this.#load = load;
  }

  #page(): Promise<Page<T>> {
    this.#first ??= this.#load();
    return this.#first;
  }

  // biome-ignore lint/suspicious/noThenProperty: being awaitable is this class's whole purpose (PromiseLike).
  then<R1 = Page<T>, R2 = never>(
    onFulfilled?: ((page: Page<T>) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.#page().then(onFulfilled, onRejected);
  }

  catch<R = never>(onRejected: (reason: unknown) => R | PromiseLike<R>): Promise<Page<T> | R> {
    return this.#page().catch(onRejected);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    let page = await this.#page();
    const seen = new Set<string>();
    yield* page.items;
    while (page.nextCursor !== null && !seen.has(page.nextCursor)) {
      seen.add(page.nextCursor); // a server repeating a cursor must not loop us forever
      page = await page.nextPage();
      yield* page.items;
    }
  }
}
