/** Pieces every reader-account form uses: the CSRF field and the notice above a form. */

export interface Notice {
  readonly kind: 'ok' | 'error';
  readonly text: string;
}

export function NoticeBox(props: { notice: Notice | undefined }) {
  if (!props.notice) return null;
  return (
    <p class={`notice notice-${props.notice.kind}`} role={props.notice.kind === 'error' ? 'alert' : 'status'}>
      {props.notice.text}
    </p>
  );
}

export const Csrf = (props: { token: string }) => <input type="hidden" name="_csrf" value={props.token} />;
