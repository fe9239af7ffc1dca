import type { ReportDraft } from '#contracts';
import type { IngestPort } from '../port.js';
import { IngestRejected } from '#contracts';
import { maskPhonesInText } from '../../backend/platform/privacy.js';
import type { Logger } from '../../backend/platform/logger.js';
import type { NewRequest, Open311Ledger } from './ledger.js';
import { isoCst } from './time.js';

/** A request checked and placed, ready to become a report. */
export interface Submission extends Omit<NewRequest, 'requestedAt'> {
  reporterName?: string;
  phone?: string;
}

export interface IntakeDeps {
  ingest: Pick<IngestPort, 'ingest'>;
  ledger: Open311Ledger;
  clock: () => number;
  log: Logger;
}

/**
 * The one way a resident's request becomes a report, for Open311 clients and the QR page alike:
 * reserve a number, ingest the report under that number (source `app`, externalId = number),
 * confirm. A refused report gives its number back, so nothing is stored.
 */
export class Open311Intake {
  constructor(private readonly deps: IntakeDeps) {}

  async submit(submission: Submission): Promise<{ id: string; requestedAt: number }> {
    const { reporterName, phone, ...fields } = submission;
    const requestedAt = this.deps.clock();
    // Masked before the ledger keeps anything, the pending draft included.
    const request: NewRequest = {
      ...fields,
      description: maskPhonesInText(fields.description),
      address: fields.address ? maskPhonesInText(fields.address) : null,
      requestedAt,
    };
    const place = location(request);
    const draft = (id: string): ReportDraft => ({
      source: 'app',
      externalId: id,
      occurredAt: isoCst(requestedAt),
      regionCode: fields.regionCode,
      category: fields.serviceCode,
      text: request.description,
      ...(reporterName || phone
        ? {
            reporter: {
              ...(reporterName ? { name: reporterName } : {}),
              ...(phone ? { phone } : {}),
            },
          }
        : {}),
      ...(place ? { location: place } : {}),
      ...(fields.triage ? { triage: fields.triage } : {}),
    });
    const id = this.deps.ledger.reserve(request, draft);
    try {
      const result = await this.deps.ingest.ingest([draft(id)], () => '');
      const reportId = result.ids[0];
      if (!reportId) throw new Error(`ingest returned no id for request ${id}`);
      this.deps.ledger.confirm(id, reportId);
      return { id, requestedAt };
    } catch (err) {
      // Refused, or the store could not take it: either way nothing was stored under this number.
      this.deps.ledger.release(id);
      throw err;
    }
  }

  /**
   * Numbers reserved by a process that stopped before confirming: ingest their drafts again. The
   * store keeps one report per (source, externalId), so one that did get stored is not doubled.
   */
  async recover(): Promise<number> {
    let recovered = 0;
    for (const { id, draft } of this.deps.ledger.pending()) {
      try {
        const result = await this.deps.ingest.ingest([draft], () => '');
        const reportId = result.ids[0];
        if (!reportId) continue;
        this.deps.ledger.confirm(id, reportId);
        recovered += 1;
      } catch (err) {
        if (!(err instanceof IngestRejected)) throw err;
        this.deps.log.warn(`open311: request ${id} could not be recovered: ${err.message}`);
        this.deps.ledger.release(id);
      }
    }
    return recovered;
  }
}

/** Coordinates (both or neither) and the address as written: what the report keeps of the place. */
function location(fields: {
  lat: number | null;
  long: number | null;
  address?: string | null;
}): ReportDraft['location'] {
  const coords = fields.lat !== null && fields.long !== null;
  if (!coords && !fields.address) return undefined;
  return {
    ...(coords ? { lat: fields.lat ?? undefined, lng: fields.long ?? undefined } : {}),
    ...(fields.address ? { address: fields.address } : {}),
  };
}
