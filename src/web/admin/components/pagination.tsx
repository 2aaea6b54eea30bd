/** Previous / "Page N of M" / Next for a newsroom list; `link` builds a page's address (with the list's filters). */
export function Pagination(props: { page: number; pages: number; link: (page: number) => string }) {
  const { page, pages, link } = props;
  if (pages <= 1) return null;
  return (
    <nav class="pagination" aria-label="Pages">
      <ul>
        {page > 1 ? (
          <li>
            <a href={link(page - 1)} rel="prev">
              Previous
            </a>
          </li>
        ) : null}
        <li>
          <span aria-current="page">
            Page {page} of {pages}
          </span>
        </li>
        {page < pages ? (
          <li>
            <a href={link(page + 1)} rel="next">
              Next
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}
