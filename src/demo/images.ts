import { prng } from '../core/util/prng.ts';

/**
 * Lead images for the demo edition, drawn as SVG and rasterized locally by the image
 * processor: no downloads, no photos of real people or places.
 */
export const MOTIFS = [
  'chamber', 'chart', 'city', 'court', 'field', 'forest', 'globe',
  'lantern', 'mountain', 'orbit', 'paper', 'rail', 'rain', 'sea',
] as const;
export type Motif = (typeof MOTIFS)[number];

/** Alt text for each illustration: what it shows, for readers who cannot see it. */
export const MOTIF_ALT: Readonly<Record<Motif, string>> = {
  chamber: 'Illustration of a parliamentary chamber with curved rows of seats under a dome',
  chart: 'Illustration of a rising line chart over bar columns',
  city: 'Illustration of a city skyline with lit windows at dusk',
  court: 'Illustration of a courthouse facade with columns and steps',
  field: 'Illustration of a floodlit sports field at night',
  forest: 'Illustration of forested hills fading into mist',
  globe: 'Illustration of a globe with lines of latitude and longitude',
  lantern: 'Illustration of paper lanterns glowing over dark water',
  mountain: 'Illustration of a snow-capped mountain under a low sun',
  orbit: 'Illustration of a satellite orbiting a planet among stars',
  paper: 'Illustration of newspaper columns and a fountain pen',
  rail: 'Illustration of a single railcar on tracks running toward hills',
  rain: 'Illustration of heavy rain falling over a river',
  sea: 'Illustration of a fishing boat on the sea at sunrise',
};

const W = 1200;
const H = 675;


function gradient(id: string, top: string, bottom: string): string {
  return `<linearGradient id="${id}" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${top}"/><stop offset="1" stop-color="${bottom}"/></linearGradient>`;
}

function frame(defs: string, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><defs>${defs}</defs>${body}</svg>`;
}

type Draw = (r: () => number) => string;

const DRAW: Readonly<Record<Motif, Draw>> = {
  chamber: () => {
    let rows = '';
    for (let i = 0; i < 7; i++) {
      const rx = 180 + i * 60;
      rows += `<path d="M ${600 - rx} 640 A ${rx} ${rx * 0.55} 0 0 1 ${600 + rx} 640" fill="none" stroke="${i % 2 ? '#8c5a3c' : '#a86f4c'}" stroke-width="26"/>`;
    }
    return frame(
      gradient('bg', '#f3e3c7', '#d9b98c'),
      `<rect width="${W}" height="${H}" fill="url(#bg)"/><path d="M 300 330 A 300 230 0 0 1 900 330 Z" fill="#e8cfa3" stroke="#b88b5a" stroke-width="6"/>${Array.from({ length: 9 }, (_, k) => `<line x1="${600 + Math.cos(Math.PI * (k + 1) / 10) * 300}" y1="${330 - Math.sin(Math.PI * (k + 1) / 10) * 230}" x2="600" y2="330" stroke="#c9a06b" stroke-width="3"/>`).join('')}${rows}<rect x="560" y="560" width="80" height="60" fill="#5b3a26"/>`,
    );
  },
  chart: (r) => {
    let bars = '';
    let points = '';
    for (let i = 0; i < 12; i++) {
      const h = 80 + i * 25 + r() * 60;
      bars += `<rect x="${110 + i * 84}" y="${600 - h}" width="56" height="${h}" fill="#2a6f97" opacity="0.55"/>`;
      points += `${138 + i * 84},${560 - i * 34 - r() * 40} `;
    }
    const grid = Array.from({ length: 6 }, (_, k) => `<line x1="80" x2="1140" y1="${100 + k * 100}" y2="${100 + k * 100}" stroke="#c8d6e0" stroke-width="2"/>`).join('');
    return frame('', `<rect width="${W}" height="${H}" fill="#f4f8fb"/>${grid}${bars}<polyline points="${points}" fill="none" stroke="#d1495b" stroke-width="8" stroke-linejoin="round"/>`);
  },
  city: (r) => {
    let blocks = '';
    let x = 0;
    while (x < W) {
      const w = 60 + r() * 90;
      const h = 160 + r() * 330;
      blocks += `<rect x="${x}" y="${H - h}" width="${w}" height="${h}" fill="#1b263b"/>`;
      for (let wy = H - h + 20; wy < H - 20; wy += 34) {
        for (let wx = x + 12; wx < x + w - 16; wx += 24) {
          if (r() > 0.55) blocks += `<rect x="${wx}" y="${wy}" width="10" height="16" fill="#ffd166" opacity="0.9"/>`;
        }
      }
      x += w + 6;
    }
    return frame(gradient('bg', '#f28482', '#3d405b'), `<rect width="${W}" height="${H}" fill="url(#bg)"/><circle cx="900" cy="220" r="70" fill="#f6bd60"/>${blocks}`);
  },
  court: () => {
    const columns = Array.from({ length: 8 }, (_, k) => `<rect x="${270 + k * 88}" y="250" width="40" height="290" fill="#eceae4"/>`).join('');
    return frame(
      gradient('bg', '#a9c5de', '#e8eef3'),
      `<rect width="${W}" height="${H}" fill="url(#bg)"/><polygon points="220,250 600,110 980,250" fill="#d9d4c7"/><rect x="220" y="240" width="760" height="24" fill="#cfc8b8"/>${columns}<rect x="200" y="540" width="800" height="30" fill="#cfc8b8"/><rect x="170" y="570" width="860" height="30" fill="#c2baa8"/><rect x="140" y="600" width="920" height="75" fill="#b5ad99"/>`,
    );
  },
  field: () =>
    frame(
      gradient('bg', '#0b132b', '#1c2541'),
      `<rect width="${W}" height="${H}" fill="url(#bg)"/><polygon points="0,675 1200,675 1000,330 200,330" fill="#2d6a4f"/><polygon points="600,360 760,470 600,600 440,470" fill="none" stroke="#f1f1f1" stroke-width="5"/><circle cx="600" cy="480" r="40" fill="#b5835a"/>${[150, 1050].map((x) => `<rect x="${x - 5}" y="90" width="10" height="240" fill="#5c677d"/><rect x="${x - 60}" y="60" width="120" height="40" fill="#fefae0"/><polygon points="${x - 60},100 ${x + 60},100 ${x + 220},600 ${x - 220},600" fill="#fefae0" opacity="0.08"/>`).join('')}`,
    ),
  forest: (r) => {
    let layers = '';
    const colors = ['#d8e2dc', '#a3b18a', '#588157', '#3a5a40', '#344e41'];
    colors.forEach((c, i) => {
      const base = 260 + i * 90;
      let trees = '';
      for (let x = -20; x < W + 40; x += 36 + r() * 20) {
        const h = 60 + r() * 70;
        trees += `<polygon points="${x},${base} ${x + 22},${base - h} ${x + 44},${base}" fill="${c}"/>`;
      }
      layers += `${trees}<rect x="0" y="${base}" width="${W}" height="${H - base}" fill="${c}"/>`;
    });
    return frame(gradient('bg', '#edf2f4', '#d8e2dc'), `<rect width="${W}" height="${H}" fill="url(#bg)"/>${layers}`);
  },
  globe: () => {
    const lines = [
      ...Array.from({ length: 7 }, (_, k) => `<ellipse cx="600" cy="337" rx="${40 + k * 40}" ry="260" fill="none" stroke="#8ecae6" stroke-width="3"/>`),
      ...Array.from({ length: 7 }, (_, k) => `<line x1="${600 - Math.sqrt(260 ** 2 - (k * 70 - 210) ** 2)}" x2="${600 + Math.sqrt(260 ** 2 - (k * 70 - 210) ** 2)}" y1="${337 + k * 70 - 210}" y2="${337 + k * 70 - 210}" stroke="#8ecae6" stroke-width="3"/>`),
    ].join('');
    return frame(
      gradient('bg', '#023047', '#011627'),
      `<rect width="${W}" height="${H}" fill="url(#bg)"/><circle cx="600" cy="337" r="260" fill="#219ebc"/><path d="M 470 200 q 60 -40 120 10 q 30 60 -20 90 q -80 20 -100 -100 Z M 640 300 q 80 -20 110 40 q 10 80 -70 110 q -50 -60 -40 -150 Z" fill="#90be6d"/>${lines}`,
    );
  },
  lantern: (r) => {
    let lanterns = '';
    for (let i = 0; i < 26; i++) {
      const x = r() * W;
      const y = 120 + r() * 300;
      const s = 14 + r() * 22;
      lanterns += `<ellipse cx="${x}" cy="${y}" rx="${s}" ry="${s * 1.3}" fill="#ffb703" opacity="0.9"/><ellipse cx="${x}" cy="${y}" rx="${s * 2.4}" ry="${s * 2.6}" fill="#ffb703" opacity="0.12"/><rect x="${x - 1}" y="${470 + (y - 120) * 0.6}" width="3" height="${s * 2}" fill="#ffb703" opacity="0.35"/>`;
    }
    return frame(gradient('bg', '#14213d', '#000814'), `<rect width="${W}" height="${H}" fill="url(#bg)"/><rect y="470" width="${W}" height="205" fill="#001d3d"/>${lanterns}`);
  },
  mountain: () =>
    frame(
      gradient('bg', '#ffafcc', '#bde0fe'),
      `<rect width="${W}" height="${H}" fill="url(#bg)"/><circle cx="860" cy="200" r="80" fill="#ffd6a5"/><polygon points="200,675 600,150 1000,675" fill="#5e6472"/><polygon points="520,255 600,150 680,255 640,240 600,270 560,240" fill="#ffffff"/><polygon points="0,675 250,470 520,675" fill="#4a4e69"/><polygon points="700,675 1000,430 1200,560 1200,675" fill="#4a4e69"/>`,
    ),
  orbit: (r) => {
    const stars = Array.from({ length: 120 }, () => `<circle cx="${r() * W}" cy="${r() * H}" r="${r() * 2 + 0.5}" fill="#ffffff" opacity="${0.4 + r() * 0.6}"/>`).join('');
    return frame(
      gradient('bg', '#03071e', '#10002b'),
      `<rect width="${W}" height="${H}" fill="url(#bg)"/>${stars}<circle cx="420" cy="430" r="220" fill="#3a86ff"/><path d="M 260 350 q 120 -60 260 0 q 60 80 -40 120 q -150 30 -220 -120 Z" fill="#8ac926" opacity="0.8"/><ellipse cx="420" cy="430" rx="520" ry="150" fill="none" stroke="#ffffff" stroke-width="2" opacity="0.5" transform="rotate(-14 420 430)"/><rect x="880" y="240" width="40" height="40" fill="#e0e1dd"/><rect x="810" y="250" width="64" height="20" fill="#4361ee"/><rect x="926" y="250" width="64" height="20" fill="#4361ee"/>`,
    );
  },
  paper: () => {
    const cols = [0, 1, 2].map((c) =>
      Array.from({ length: 16 }, (_, k) => `<rect x="${150 + c * 300}" y="${180 + k * 26}" width="${k % 5 === 4 ? 160 : 250}" height="10" fill="#9a8c98" opacity="0.6"/>`).join(''),
    ).join('');
    return frame(
      '',
      `<rect width="${W}" height="${H}" fill="#f2e9e4"/><rect x="120" y="60" width="960" height="90" fill="#22223b"/>${cols}<g transform="rotate(-30 900 500)"><rect x="700" y="480" width="380" height="34" rx="17" fill="#4a4e69"/><polygon points="1080,480 1140,497 1080,514" fill="#c9ada7"/></g>`,
    );
  },
  rail: () =>
    frame(
      gradient('bg', '#caf0f8', '#fefae0'),
      `<rect width="${W}" height="${H}" fill="url(#bg)"/><path d="M 0 330 q 300 -120 600 0 q 300 -100 600 0 L 1200 380 L 0 380 Z" fill="#84a98c"/><rect y="370" width="${W}" height="305" fill="#a3b18a"/><polygon points="480,675 590,370 610,370 720,675" fill="#6b705c"/>${Array.from({ length: 12 }, (_, k) => { const y = 380 + k * k * 2.2 + k * 6; const half = 20 + (y - 370) * 0.42; return `<rect x="${600 - half}" y="${y}" width="${half * 2}" height="${4 + k * 0.8}" fill="#5c4033"/>`; }).join('')}<rect x="540" y="300" width="120" height="76" rx="8" fill="#e63946"/><rect x="556" y="314" width="88" height="22" fill="#f1faee"/>`,
    ),
  rain: (r) => {
    const drops = Array.from({ length: 260 }, () => {
      const x = r() * (W + 200);
      const y = r() * H;
      return `<line x1="${x}" y1="${y}" x2="${x - 24}" y2="${y + 60}" stroke="#e0e1dd" stroke-width="2" opacity="0.55"/>`;
    }).join('');
    return frame(
      gradient('bg', '#6c757d', '#adb5bd'),
      `<rect width="${W}" height="${H}" fill="url(#bg)"/><path d="M 0 460 q 300 -40 600 10 q 300 50 600 -10 L 1200 675 L 0 675 Z" fill="#495057"/><path d="M 0 520 q 300 -30 600 10 q 300 40 600 -10 L 1200 600 q -300 40 -600 0 q -300 -40 -600 0 Z" fill="#5c7c8a"/>${drops}`,
    );
  },
  sea: () => {
    const waves = Array.from({ length: 8 }, (_, k) => `<path d="M 0 ${420 + k * 34} ${Array.from({ length: 13 }, () => `q 50 -14 100 0`).join(' ')}" fill="none" stroke="#caf0f8" stroke-width="3" opacity="${0.7 - k * 0.06}"/>`).join('');
    return frame(
      gradient('bg', '#ffcdb2', '#e5989b'),
      `<rect width="${W}" height="${H}" fill="url(#bg)"/><circle cx="600" cy="400" r="110" fill="#ffb4a2"/><rect y="400" width="${W}" height="275" fill="#0077b6"/>${waves}<polygon points="330,470 520,470 490,505 360,505" fill="#3d0c02"/><rect x="420" y="390" width="6" height="80" fill="#3d0c02"/><polygon points="426,395 480,455 426,455" fill="#fefae0"/>`,
    );
  },
};

/** The SVG source of a motif's illustration. */
export function motifSvg(motif: Motif, seed = 1): string {
  return DRAW[motif](prng(seed * 7919 + MOTIFS.indexOf(motif)));
}

/** The illustration as a JPEG, the way a photo desk would hand it over. */
export async function motifJpeg(motif: Motif, seed = 1): Promise<Buffer> {
  // Loaded here, not at start: only seeding draws pictures.
  const { default: sharp } = await import('sharp');
  return sharp(Buffer.from(motifSvg(motif, seed))).jpeg({ quality: 88 }).toBuffer();
}
