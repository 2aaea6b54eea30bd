import type { MediaAsset } from '../../../core/content/types.ts';

/** The URL of a stored media file. */
export function mediaUrl(key: string): string {
  return `/media/${key}`;
}

/**
 * A responsive image from a media asset's renditions. `sizes` tells the browser how wide
 * the image is drawn so it downloads the smallest rendition that is sharp enough.
 */
export function Picture(props: {
  media: MediaAsset;
  alt: string;
  sizes: string;
  lazy?: boolean;
  class?: string;
  preferWidth?: number;
  /** 'wide': the 16:9 crop cut around the photo's focal point, where the photo has one. */
  crop?: 'wide';
}) {
  const cropped = props.crop === 'wide' && props.media.crops?.wide && props.media.crops.wide.length > 0 ? props.media.crops.wide : undefined;
  const variants = [...(cropped ?? props.media.variants)].sort((a, b) => a.width - b.width);
  const preferred = props.preferWidth ?? 800;
  const fallback = variants.find((v) => v.width >= preferred) ?? variants.at(-1);
  const src = fallback ? mediaUrl(fallback.key) : mediaUrl(props.media.key);
  const width = fallback?.width ?? props.media.width;
  const height = fallback?.height ?? props.media.height;
  return (
    <img
      src={src}
      srcset={variants.length > 0 ? variants.map((v) => `${mediaUrl(v.key)} ${v.width}w`).join(', ') : undefined}
      sizes={variants.length > 0 ? props.sizes : undefined}
      width={width}
      height={height}
      alt={props.alt}
      loading={props.lazy ? 'lazy' : undefined}
      decoding="async"
      class={props.class}
    />
  );
}
