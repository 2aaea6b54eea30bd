import assert from 'node:assert/strict';
import { test } from 'node:test';
import { embedFor, FRAME_ORIGINS } from '../../src/core/content/embeds.ts';
import { SECURITY_HEADERS } from '../../src/web/shared/http-headers.ts';

test('each provider: the page addresses editors paste become that provider’s player', () => {
  const cases: [string, string, string][] = [
    ['https://www.youtube.com/watch?v=M7lc1UVf-VE', 'YouTube', 'https://www.youtube-nocookie.com/embed/M7lc1UVf-VE'],
    ['https://youtu.be/M7lc1UVf-VE?t=42', 'YouTube', 'https://www.youtube-nocookie.com/embed/M7lc1UVf-VE'],
    ['https://www.youtube.com/shorts/abcDEF12345', 'YouTube', 'https://www.youtube-nocookie.com/embed/abcDEF12345'],
    ['https://vimeo.com/76979871', 'Vimeo', 'https://player.vimeo.com/video/76979871?dnt=1'],
    ['https://x.com/NHKWORLD_News/status/1790000000000000000', 'X', 'https://platform.twitter.com/embed/Tweet.html?id=1790000000000000000&dnt=true'],
    ['https://twitter.com/user/status/20', 'X', 'https://platform.twitter.com/embed/Tweet.html?id=20&dnt=true'],
    ['https://www.instagram.com/p/C8abc_DEF12/', 'Instagram', 'https://www.instagram.com/p/C8abc_DEF12/embed/'],
    ['https://www.tiktok.com/@newsroom/video/7312345678901234567', 'TikTok', 'https://www.tiktok.com/embed/v2/7312345678901234567'],
    ['https://www.facebook.com/nasa/posts/pfbid02abc', 'Facebook', 'https://www.facebook.com/plugins/post.php?href=https%3A%2F%2Fwww.facebook.com%2Fnasa%2Fposts%2Fpfbid02abc'],
    ['https://www.facebook.com/nasa/videos/123456789/', 'Facebook', 'https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fnasa%2Fvideos%2F123456789%2F'],
    ['https://www.google.com/maps/place/Kiyomizu-dera/@34.99,135.78,17z', 'Google Maps', 'https://www.google.com/maps?q=Kiyomizu-dera&output=embed'],
    ['https://www.google.com/maps/@35.6812,139.7671,15z', 'Google Maps', 'https://www.google.com/maps?q=35.6812,139.7671&z=15&output=embed'],
    ['https://www.google.com/maps/embed?pb=!1m18!1m12', 'Google Maps', 'https://www.google.com/maps/embed?pb=!1m18!1m12'],
    ['https://public.flourish.studio/visualisation/1234567/', 'Flourish', 'https://flo.uri.sh/visualisation/1234567/embed'],
    ['https://datawrapper.dwcdn.net/AbC12/3/', 'Datawrapper', 'https://datawrapper.dwcdn.net/AbC12/3/'],
    ['https://soundcloud.com/artist/track-name', 'SoundCloud', 'https://w.soundcloud.com/player/?url=https%3A%2F%2Fsoundcloud.com%2Fartist%2Ftrack-name&auto_play=false&visual=false'],
    ['https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk', 'Spotify', 'https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk'],
  ];
  for (const [address, provider, src] of cases) {
    const embed = embedFor(address);
    assert.equal(embed?.provider, provider, address);
    assert.equal(embed?.src, src, address);
    assert.ok(FRAME_ORIGINS.includes(new URL(src).origin), `${src}: its origin is in frame-src`);
  }
});

test('anything else is not an embed: other hosts, look-alike hosts, credentials, ports, odd schemes, non-post paths', () => {
  for (const address of [
    'https://evil.example/watch?v=abc', 'https://www.youtube.com.evil.example/watch?v=abc', 'https://user:pw@www.youtube.com/watch?v=abc',
    'https://www.youtube.com:8443/watch?v=abc', 'javascript:alert(1)', 'data:text/html,hi', 'ftp://vimeo.com/1', 'https://www.youtube.com/watch?v=<script>',
    'https://x.com/user', 'https://www.google.com/search?q=maps', 'https://www.facebook.com/nasa', 'not a url', '',
  ]) {
    assert.equal(embedFor(address), undefined, address);
  }
});

test('the CSP frames the providers’ players and nothing else', () => {
  const csp = SECURITY_HEADERS['content-security-policy'] ?? '';
  const frameSrc = /frame-src ([^;]+)/.exec(csp)?.[1]?.split(' ') ?? [];
  assert.deepEqual(frameSrc.sort(), [...FRAME_ORIGINS].sort());
});
