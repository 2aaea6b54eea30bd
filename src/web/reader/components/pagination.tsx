/**
 * Page links for a list: previous, the first, last and neighbouring pages, next. `href` builds
 * each page's address (list pages use /page/N/, search results a query string).
 */
export function Pagination(props: { label: string; page: number; pages: number; href: (page: number) => string; previous: string; next: string }) {
  const { page, pages, href } = props;
  const numbers = [...new Set([1, page - 1, page, page + 1, pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return (
    <nav class="pagination" aria-label={props.label}>
      <ul>
        {page > 1 ? (
          <li>
            <a href={href(page - 1)} rel="prev">
              {props.previous}
            </a>
          </li>
        ) : null}
        {numbers.map((n) => (
          <li>
            {n === page ? (
              <span aria-current="page">{n}</span>
            ) : (
              <a href={href(n)} aria-label={`Page ${n}`}>
                {n}
              </a>
            )}
          </li>
        ))}
        {page < pages ? (
          <li>
            <a href={href(page + 1)} rel="next">
              {props.next}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
