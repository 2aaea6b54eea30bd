import type { AuthorProfile, MediaAsset } from '../../../core/content/types.ts';
import { PROFILE_LIMITS } from '../../../core/newsroom/profiles.ts';
import type { AdminContext } from '../admin-context.ts';
import { AdminLayout, Csrf, type Flash } from '../components/admin-layout.tsx';

/** A person's byline profile: what their author page shows. */
export function ProfilePage(props: { ctx: AdminContext; userId: number; profile: AuthorProfile; media: readonly MediaAsset[]; flash?: Flash | undefined; values?: Partial<Record<'name' | 'title' | 'bio', string>> }) {
  const { ctx, profile } = props;
  const own = ctx.user?.id === props.userId;
  const photos = profile.photo && !props.media.some((m) => m.id === profile.photo?.id) ? [profile.photo, ...props.media] : props.media;
  const thumb = profile.photo ? (profile.photo.variants[0] ?? profile.photo).key : undefined;
  return (
    <AdminLayout ctx={ctx} title={own ? 'Your profile' : `Profile: ${profile.name}`} active={own ? undefined : 'users'} flash={props.flash}>
      <div class="narrow">
        <h1>{own ? 'Your profile' : `Profile: ${profile.name}`}</h1>
        <p class="muted">
          Shown on the author page, <a href={`/author/${profile.slug}/`}>/author/{profile.slug}/</a>, and in every byline.
        </p>
        <form method="post" action={`/admin/users/${props.userId}/profile`} class="stack">
          <Csrf ctx={ctx} />
          <label for="p-name">Name</label>
          <input id="p-name" name="name" type="text" required maxlength={PROFILE_LIMITS.name} value={props.values?.name ?? profile.name} />
          <label for="p-title">Byline title</label>
          <input id="p-title" name="title" type="text" maxlength={PROFILE_LIMITS.title} value={props.values?.title ?? profile.title} placeholder="Staff Writer" />
          <label for="p-bio">Biography</label>
          <textarea id="p-bio" name="bio" rows={5} maxlength={PROFILE_LIMITS.bio}>
            {props.values?.bio ?? profile.bio}
          </textarea>
          <label for="p-photo">Portrait</label>
          <div class="lead-photo">
            {thumb ? <img src={`/media/${thumb}`} alt="" width={96} height={96} class="portrait-preview" /> : null}
            <select id="p-photo" name="photoMediaId">
              <option value="">No portrait</option>
              {photos.map((m) => (
                <option value={String(m.id)} selected={profile.photo?.id === m.id}>
                  {`#${m.id} ${m.caption || m.alt || m.key}`.slice(0, 80)}
                </option>
              ))}
            </select>
          </div>
          <p class="hint">Upload the portrait to the media library first.</p>
          <button type="submit" class="primary">
            Save profile
          </button>
        </form>
      </div>
    </AdminLayout>
  );
}
