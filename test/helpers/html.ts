import assert from 'node:assert/strict';
import { HtmlValidate } from 'html-validate';

const validator = new HtmlValidate({
  extends: ['html-validate:recommended'],
  rules: {
    // preact-render-to-string and sanitize-html both write void elements as <img/>.
    'void-style': ['error', { style: 'selfclose' }],
    // Long headlines and captions are content, not markup mistakes.
    'long-title': 'off',
  },
});

/** Fails the test with every html-validate message when the document is not valid. */
export async function assertValidHtml(html: string, where: string): Promise<void> {
  const report = await validator.validateString(html);
  const messages = report.results.flatMap((r) =>
    r.messages.map((m) => `${m.ruleId} at ${m.line}:${m.column}: ${m.message} [${m.selector ?? ''}]`),
  );
  assert.equal(messages.length, 0, `${where} is not valid HTML:\n${messages.join('\n')}`);
}
