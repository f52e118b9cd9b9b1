import { newWebhookDraft, webhookDraftOf, webhookInputOf, webhookTargetOf } from './webhookDraft';

describe('webhookDraft', () => {
  it('sends only what is given: method and URL at least', () => {
    expect(webhookTargetOf({ ...newWebhookDraft(), url: ' https://h.example.com/x ' })).toEqual({
      method: 'POST',
      url: 'https://h.example.com/x',
    });
  });

  it('sends numbers as typed when they are not numbers, so that the backend names the field', () => {
    const target = webhookTargetOf({
      ...newWebhookDraft(),
      url: 'u',
      expectedStatus: '200, 2xx',
      timeoutSeconds: 'ten',
    });
    expect(target.expectedStatus).toEqual([200, '2xx']);
    expect(target.timeoutSeconds).toBe('ten');
  });

  it('keeps stored secrets by leaving their values out, sends new ones, and drops empty header rows', () => {
    const draft = webhookDraftOf({
      method: 'PUT',
      url: 'https://h.example.com/x',
      headers: [
        { name: 'Authorization', secret: true, hasValue: true },
        { name: 'X-Api-Key', secret: true, hasValue: true },
      ],
      signature: { header: 'X-Sig', hasSecret: true },
    });
    expect(draft.headers.map(h => [h.value, h.stored])).toEqual([
      ['', true],
      ['', true],
    ]);
    expect(draft.secretStored).toBe(true);
    draft.headers[1].value = 'new-key';
    draft.headers.push({ name: '', value: '', secret: false, stored: false });
    expect(webhookTargetOf(draft)).toEqual({
      method: 'PUT',
      url: 'https://h.example.com/x',
      headers: [
        { name: 'Authorization', secret: true },
        { name: 'X-Api-Key', value: 'new-key', secret: true },
      ],
      signature: { header: 'X-Sig' },
    });
    expect(webhookTargetOf({ ...draft, signatureSecret: 'rotated' }).signature).toEqual({
      header: 'X-Sig',
      secret: 'rotated',
    });
    // unsigned: no signature at all (the backend forgets the stored secret)
    expect(webhookTargetOf({ ...draft, signed: false }).signature).toBeUndefined();
  });

  it('sends a saved webhook back without its answer-only fields', () => {
    expect(
      webhookInputOf({
        method: 'POST',
        url: 'u',
        headers: [{ name: 'A', secret: true, hasValue: true }],
        signature: { hasSecret: true },
        timeoutSeconds: 5,
      }),
    ).toEqual({
      method: 'POST',
      url: 'u',
      headers: [{ name: 'A', secret: true }],
      signature: { header: 'X-Maestro-Signature-256' },
      timeoutSeconds: 5,
    });
  });
});
