import type { AdminContext } from '../admin-context.ts';
import { Csrf } from './admin-layout.tsx';

/** A secret the server shows once (a new key or token) or on request (a signing secret), ready to copy. */
export function ShownOnce(props: { title: string; note: string; id: string; value: string }) {
  return (
    <section class="panel" role="status">
      <h2>{props.title}</h2>
      <p>{props.note}</p>
      <p>
        <code id={props.id}>{props.value}</code>
      </p>
    </section>
  );
}

/** The last cells of a credential's row: last use, and "Revoke" until it is revoked. */
export function UseAndRevoke(props: { ctx: AdminContext; action: string; id: number; name: string; lastUsedAt: number | null; revokedAt: number | null }) {
  const { ctx } = props;
  return (
    <>
      <td>{props.lastUsedAt === null ? 'never' : ctx.time.timestamp(props.lastUsedAt)}</td>
      <td>
        {props.revokedAt === null ? (
          <form method="post" action={props.action}>
            <Csrf ctx={ctx} />
            <input type="hidden" name="id" value={String(props.id)} />
            <button type="submit" class="danger">
              Revoke {props.name}
            </button>
          </form>
        ) : (
          `Revoked ${ctx.time.timestamp(props.revokedAt)}`
        )}
      </td>
    </>
  );
}
