import { escapeHtml } from '../content/sanitize.ts';
import type { MailMessage } from '../ports.ts';

const WORDING = {
  signin: { subject: (site: string) => `Sign in to ${site}`, lead: 'Here is your link to sign in.', button: 'Sign in' },
  signup: { subject: (site: string) => `Finish creating your ${site} account`, lead: 'Follow this link to create your account.', button: 'Create my account' },
  newsletter: { subject: (site: string) => `Confirm your subscription to ${site}`, lead: 'Follow this link to start receiving this newsletter.', button: 'Confirm my subscription' },
  'email-change': { subject: (site: string) => `Confirm your new address for ${site}`, lead: 'Follow this link to use this address for your account.', button: 'Confirm this address' },
} as const;

/** A member mail with its plain-text and HTML parts, built from the same words. */
export function memberMail(kind: keyof typeof WORDING, m: { to: string; link: string; siteName: string; minutes: number }): MailMessage {
  const w = WORDING[kind];
  const after = `It works once, for ${m.minutes} minutes. If you did not ask for it, ignore this mail: nothing happens without the link.`;
  return {
    to: m.to,
    subject: w.subject(m.siteName),
    text: `${w.lead}\n\n${m.link}\n\n${after}\n\n${m.siteName}`,
    html: `<!DOCTYPE html><html lang="en"><body style="font-family:sans-serif;line-height:1.5"><p>${escapeHtml(w.lead)}</p><p><a href="${escapeHtml(m.link)}">${escapeHtml(w.button)}</a></p><p style="color:#555">${escapeHtml(after)}</p><p>${escapeHtml(m.siteName)}</p></body></html>`,
  };
}
