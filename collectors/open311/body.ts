const ATTRIBUTE = /^attribute\[([^\]]+)\]$/;

const blank = (v: unknown) => typeof v === 'string' && v.trim() === '';

/**
 * One shape for both encodings: a form's `attribute[region_code]=…` and JSON's
 * `"attribute": {"region_code": …}` (or the form spelling as a JSON key) become `attribute`.
 * Blank values mean "not given": form clients send every field, filled or not.
 */
export function normalizeRequestBody(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const out: Record<string, unknown> = {};
  const attribute: Record<string, unknown> = {};
  let attributeGiven = false;
  for (const [key, value] of Object.entries(body)) {
    const attr = ATTRIBUTE.exec(key);
    if (attr?.[1]) {
      attributeGiven = true;
      if (!blank(value)) attribute[attr[1]] = value;
    } else if (key === 'attribute' && typeof value === 'object' && value && !Array.isArray(value)) {
      attributeGiven = true;
      for (const [k, v] of Object.entries(value)) if (!blank(v)) attribute[k] = v;
    } else if (!blank(value)) {
      out[key] = value;
    }
  }
  if (attributeGiven && Object.keys(attribute).length > 0) out.attribute = attribute;
  return out;
}
