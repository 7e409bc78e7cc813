import * as Y from 'yjs';
import {
  MAX_PAD_UPDATE_BYTES,
  PAD_TEXT,
  padsApi,
  type PadChangeView,
  type PadScope,
} from '@booth/shared/api';
import { asApiError, call } from '../api/client';
import { fromBase64, toBase64 } from './base64';
import { spliceBetween } from './text-diff';

/** How a pad's copy in this page stands with the API. */
export type PadStatus =
  /** The first GET has not answered yet: nothing to edit. */
  | 'loading'
  /** Everything typed here is stored. */
  | 'saved'
  /** Changes are on their way (or waiting for the batch to close). */
  | 'saving'
  /** The API cannot be reached: changes wait here and are sent when it can. */
  | 'offline'
  /** The API refused a change (it said why: `error`); nothing more is sent until the page is reloaded. */
  | 'failed';

export interface PadSyncListener {
  status(status: PadStatus, error: string | undefined): void;
  /** Changes the API stored (from a GET, newest first, or one just sent from here). */
  changes(changes: PadChangeView[], replace: boolean): void;
}

/** The origin of this page's own edits in Yjs transactions (everything else came from the API). */
export const LOCAL_EDIT = Symbol('local edit');
const FROM_API = Symbol('from the API');

/** How long keystrokes are gathered into one POST. */
export const BATCH_MS = 150;
const MIN_RETRY_MS = 1000;
const MAX_RETRY_MS = 15_000;

/** Failures worth trying again: the API unreachable (0), busy or down. */
const retryable = (status: number) => status === 0 || status === 408 || status === 429 || status >= 500;

/**
 * One page's copy of a shared notes pad: a Y.Doc fed by the API (GET, and the updates others make,
 * published on `booth.pads`) and by this page's edits, which are gathered for {@link BATCH_MS},
 * merged (Y.mergeUpdates) and POSTed one batch at a time. While the API cannot be reached they queue
 * here and are sent when it can again (retries with backoff, and at once on `online`); after such a
 * gap the pad is read again, which brings what others wrote meanwhile. Applying an update twice
 * changes nothing (Yjs), so reading again or hearing one's own update back is harmless.
 */
export class PadSync {
  readonly doc = new Y.Doc();
  readonly text: Y.Text = this.doc.getText(PAD_TEXT);
  private pending: Uint8Array[] = [];
  private sending = false;
  private loaded = false;
  private stopped = false;
  private failed = false;
  /** A request failed since the last read: read the pad again once the queue is through. */
  private missed = false;
  private batchTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryMs = MIN_RETRY_MS;
  private loading: Promise<void> | undefined;
  private readAgain = false;
  private status: PadStatus = 'loading';
  private readonly onOnline = () => this.retryNow();

  constructor(
    readonly scope: PadScope,
    readonly id: string,
    private readonly me: { id: string; name: string },
    private readonly listener: PadSyncListener,
  ) {
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== LOCAL_EDIT) return;
      this.pending.push(update);
      if (this.status === 'saved') this.setStatus('saving');
      if (this.batchTimer === undefined) this.batchTimer = setTimeout(() => this.flush(), BATCH_MS);
    });
    window.addEventListener('online', this.onOnline);
    void this.load();
  }

  /** Whether the page may edit: the pad is read, and no change was refused. */
  get editable(): boolean {
    return this.loaded && !this.failed;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.batchTimer);
    clearTimeout(this.retryTimer);
    window.removeEventListener('online', this.onOnline);
    this.doc.destroy();
  }

  /** Takes the textarea's new value: the splice from the pad's text, in one local transaction. */
  edit(value: string): void {
    if (!this.editable) return;
    const splice = spliceBetween(this.text.toString(), value);
    if (!splice) return;
    this.doc.transact(() => {
      if (splice.remove > 0) this.text.delete(splice.index, splice.remove);
      if (splice.insert) this.text.insert(splice.index, splice.insert);
    }, LOCAL_EDIT);
  }

  /**
   * Applies an update another page made (published on `booth.pads`); null (too large to publish, or
   * one that builds on an update this page missed) reads the whole pad again.
   */
  applyRemote(update: string | null): void {
    if (this.stopped) return;
    if (update !== null) {
      try {
        Y.applyUpdate(this.doc, fromBase64(update), FROM_API);
        if (this.doc.store.pendingStructs === null && this.doc.store.pendingDs === null) return;
      } catch (err) {
        console.warn('booth: a pad update did not apply', err);
      }
    }
    void this.load();
  }

  /** Reads the whole pad from the API and merges it in (after a reconnection: what was missed). */
  load(): Promise<void> {
    if (this.loading) {
      // The read under way may have left before what this caller needs: read once more after it.
      this.readAgain = true;
      return this.loading;
    }
    this.loading = this.read().finally(() => {
      this.loading = undefined;
      if (!this.readAgain || this.stopped) return;
      this.readAgain = false;
      void this.load();
    });
    return this.loading;
  }

  private async read(): Promise<void> {
    try {
      const pad = await call(padsApi.get, { params: { scope: this.scope, id: this.id } });
      if (this.stopped) return;
      Y.applyUpdate(this.doc, fromBase64(pad.state), FROM_API);
      this.listener.changes(pad.changes, true);
      this.loaded = true;
      // The API answers again: what waits for a retry goes now.
      this.retryMs = MIN_RETRY_MS;
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
      if (!this.failed) this.setStatus(this.pending.length || this.sending ? 'saving' : 'saved');
      this.flush();
    } catch (err) {
      if (this.stopped) return;
      const e = asApiError(err);
      if (!retryable(e.status)) return this.fail(e.message);
      this.setStatus(this.loaded ? 'offline' : 'loading', 'the notes cannot be reached: retrying');
      this.scheduleRetry();
    }
  }

  /** Sends the next batch: queued updates merged, up to the API's size limit. */
  private flush(): void {
    clearTimeout(this.batchTimer);
    this.batchTimer = undefined;
    if (this.stopped || this.failed || this.sending || !this.loaded || this.pending.length === 0) return;
    // Waiting out a failure: the retry (or the browser coming back online) sends what has queued.
    if (this.retryTimer !== undefined) return;
    let size = 0;
    let count = 0;
    for (const u of this.pending) {
      if (count > 0 && size + u.byteLength > MAX_PAD_UPDATE_BYTES) break;
      size += u.byteLength;
      count++;
    }
    const taken = this.pending.slice(0, count);
    const batch = taken.length === 1 ? taken[0]! : Y.mergeUpdates(taken);
    this.sending = true;
    this.setStatus('saving');
    call(padsApi.update, {
      params: { scope: this.scope, id: this.id },
      body: { update: toBase64(batch) },
    }).then(
      (res) => {
        this.sending = false;
        if (this.stopped) return;
        this.pending.splice(0, count);
        this.retryMs = MIN_RETRY_MS;
        if (res.changeId) {
          const change = {
            id: res.changeId,
            author: this.me,
            at: new Date().toISOString(),
            inserted: res.inserted,
            deleted: res.deleted,
          };
          this.listener.changes([change], false);
        }
        if (this.missed) {
          this.missed = false;
          void this.load();
        }
        if (this.pending.length) this.flush();
        else this.setStatus('saved');
      },
      (err: unknown) => {
        this.sending = false;
        if (this.stopped) return;
        const e = asApiError(err);
        if (e.status === 409) {
          // It builds on something the API does not have: send everything it lacks instead.
          this.pending = [];
          void this.resendMissing();
          return;
        }
        if (!retryable(e.status)) return this.fail(e.message);
        this.missed = true;
        this.setStatus(
          'offline',
          'offline: your changes are kept here and sent when the notes can be reached',
        );
        this.scheduleRetry();
      },
    );
  }

  /** Reads the pad and queues the difference between this page's copy and the API's. */
  private async resendMissing(): Promise<void> {
    try {
      const pad = await call(padsApi.get, { params: { scope: this.scope, id: this.id } });
      if (this.stopped) return;
      const state = fromBase64(pad.state);
      Y.applyUpdate(this.doc, state, FROM_API);
      this.pending.unshift(Y.encodeStateAsUpdate(this.doc, Y.encodeStateVectorFromUpdate(state)));
      this.flush();
    } catch (err) {
      const e = asApiError(err);
      if (!retryable(e.status)) return this.fail(e.message);
      this.missed = true;
      this.scheduleRetry();
    }
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer !== undefined) return;
    this.retryTimer = setTimeout(() => this.retryNow(), this.retryMs);
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
  }

  /** Tries again now (the browser is back online, or the backoff is over). */
  private retryNow(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    if (this.stopped || this.failed) return;
    if (!this.loaded || this.pending.length === 0) void this.load();
    else this.flush();
  }

  private fail(message: string): void {
    this.failed = true;
    this.setStatus('failed', message);
  }

  private setStatus(status: PadStatus, error?: string): void {
    if (this.stopped) return;
    if (status === this.status && error === undefined) return;
    this.status = status;
    this.listener.status(status, error);
  }
}
