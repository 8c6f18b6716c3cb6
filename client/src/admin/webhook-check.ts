export interface WebhookCheckResult {
  ok: boolean;
  status: number;
  message: string;
}

/**
 * Posts an unsigned, empty request to the inbound webhook. A 403 proves the endpoint answers and
 * checks Twilio's signature (nothing is stored); anything else means it is not set up as expected.
 */
export async function checkInboundWebhook(fetchImpl: typeof fetch, url: string): Promise<WebhookCheckResult> {
  let status: number;
  try {
    const response = await fetchImpl(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'Body=signature+check' });
    status = response.status;
  } catch {
    return { ok: false, status: 0, message: 'No answer: the server could not be reached at this address.' };
  }
  if (status === 403) return { ok: true, status, message: 'Answers and checks signatures: an unsigned request was refused (403), as it should be.' };
  if (status === 404) return { ok: false, status, message: 'Not found (404): the webhook path is wrong or another server answers here.' };
  if (status >= 200 && status < 300) return { ok: false, status, message: `Accepted an unsigned request (${status}): signatures are not being checked.` };
  return { ok: false, status, message: `Unexpected answer (${status}).` };
}
