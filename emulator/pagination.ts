// Siteleaf v2's pagination: `page` (from 1) and `per_page` (default 30) in the query, and a
// `Link` header with the full URLs of the surrounding pages when there is more than one. The
// links keep every other query parameter, so following `rel="next"` lists the same thing.

export const DEFAULT_PER_PAGE = 30;

export interface Page<T> {
  items: T[];
  /** The `Link` header value, absent when everything fits on one page. */
  link?: string;
}

/** A positive whole number from the query, or undefined. */
function positive(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n > 0 ? n : undefined;
}

/** `url` is the request's full URL; `maxPerPage` caps `per_page` (the server's limit). */
export function paginate<T>(items: readonly T[], url: URL, maxPerPage: number): Page<T> {
  const perPage = Math.max(
    1,
    Math.min(positive(url.searchParams.get('per_page')) ?? DEFAULT_PER_PAGE, maxPerPage)
  );
  const page = positive(url.searchParams.get('page')) ?? 1;
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const pageItems = items.slice((page - 1) * perPage, page * perPage);
  if (last === 1 && page === 1) return { items: pageItems };

  const linkTo = (n: number, rel: string): string => {
    const target = new URL(url);
    const params = new URLSearchParams([['page', String(n)]]);
    for (const [key, value] of url.searchParams) if (key !== 'page') params.append(key, value);
    target.search = params.toString();
    return `<${target.href}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(linkTo(page + 1, 'next'), linkTo(last, 'last'));
  if (page > 1) links.push(linkTo(1, 'first'), linkTo(Math.min(page - 1, last), 'prev'));
  return { items: pageItems, link: links.join(', ') };
}
