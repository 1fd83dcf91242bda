// Siteleaf authenticates every request with Basic auth of the API key and secret. One place
// makes the value, so the header sent and the value masked in logs are always the same.
export function basicAuthValue(apiKey: string, apiSecret: string): string {
  return Buffer.from(`${apiKey}:${apiSecret}`).toString('base64');
}
