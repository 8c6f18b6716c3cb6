/** A tiny history-API router: the current location as state, navigation, and link interception. */
export interface NavigateOptions {
  replace?: boolean;
}

export class Router {
  #pathname = $state(window.location.pathname);
  #search = $state(window.location.search);

  get pathname(): string {
    return this.#pathname;
  }

  /** Query parameters of the current location. */
  get query(): URLSearchParams {
    return new URLSearchParams(this.#search);
  }

  /** Path plus query, e.g. to come back here after logging in. */
  get current(): string {
    return this.#pathname + this.#search;
  }

  navigate(to: string, options: NavigateOptions = {}): void {
    const url = new URL(to, window.location.origin);
    if (url.origin !== window.location.origin) {
      window.location.assign(url.href);
      return;
    }
    const target = url.pathname + url.search + url.hash;
    if (target === window.location.pathname + window.location.search + window.location.hash) return;
    if (options.replace) window.history.replaceState(null, '', target);
    else window.history.pushState(null, '', target);
    this.#sync();
    if (!options.replace) window.scrollTo(0, 0);
  }

  /** Listens to back/forward and turns same-origin `<a href>` clicks into navigation. Returns a stop function. */
  start(): () => void {
    const onPopState = (): void => this.#sync();
    const onClick = (event: MouseEvent): void => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      const anchor = (event.target as Element | null)?.closest?.('a');
      if (!anchor || !anchor.href || anchor.hasAttribute('download') || anchor.target === '_blank') return;
      if (anchor.dataset['router'] === 'ignore') return;
      const url = new URL(anchor.href);
      if (url.origin !== window.location.origin) return;
      event.preventDefault();
      this.navigate(url.pathname + url.search + url.hash);
    };
    window.addEventListener('popstate', onPopState);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('popstate', onPopState);
      document.removeEventListener('click', onClick);
    };
  }

  #sync(): void {
    this.#pathname = window.location.pathname;
    this.#search = window.location.search;
  }
}
