/**
 * The page's mock server (`ferry mock` in the app): the open connection's schema served on the loopback
 * address, answering the responses typed here, and the calls it answered, asked for while it runs.
 */
import type { StateCreator } from 'zustand/vanilla';
import { describeFerryError } from '../../shared/errors';
import { MOCK_CALLS_KEPT, mockFilePath, type FileStamp, type MockCallSeen, type MockStarted, type WorkspaceMock } from '../../shared/model';
import { wholeNumberIn } from '../../shared/util';
import { parseJson } from '../../shared/json';
import { recordedAnswer } from './mock-recording';
import { withExampleResponse, withRecordedCase } from './mock-responses';
import type { FerryState, SliceContext } from './types';

/** How often a running mock's calls are asked for: often enough to watch a client call it. */
const CALLS_MS = 500;

export interface MockState {
  /** The Port box as typed; empty: any free port. */
  port: string;
  /** The responses text as typed (`ferry mock --responses`' format). */
  responses: string;
  /** Serve gRPC-Web and Connect too (on a port of their own). */
  web: boolean;
  /** Pass the calls no case answers to the connection's server (a partial mock). */
  passthrough: boolean;
  /** Record the passed calls into the open mock file (`ferry mock --record`), which the box then follows. */
  record: boolean;
  status: 'stopped' | 'starting' | 'running';
  mockId?: string;
  started?: MockStarted;
  /** The target whose schema it serves, for the words. */
  serving?: string;
  /** Why the last start, apply or example did not happen; one sentence. */
  error?: string;
  /** The responses text the running mock answers from, to tell whether the box holds changes. */
  applied?: string;
  /** The workspace's mock file the responses came from or were saved to, as it is on disk (text and stamp). */
  file?: { name: string; text: string; stamp: FileStamp };
  /** The Save as box: a mock file's name, without folder or suffix. */
  saveName: string;
  /** A save was refused because the file changed on disk or exists: Save anyway overwrites it. */
  saveConflict?: boolean;
  /** What the last save or delete did, in a sentence. */
  fileNotice?: string;
  /** The calls it answered, oldest first, at most MOCK_CALLS_KEPT. */
  calls: MockCallSeen[];
  /** The number of the last call the page asked about (cleared calls stay counted). */
  lastSeq: number;
  /** Calls it answered that the page did not get to see (more came between two asks than a mock keeps). */
  missed: number;
}

export interface MockSlice {
  mock: MockState;
  setMockPort(port: string): void;
  setMockResponses(text: string): void;
  setMockWeb(web: boolean): void;
  setMockPassthrough(passthrough: boolean): void;
  setMockRecord(record: boolean): void;
  /** Adds the response type's example for `method` (a full name of the connection's schema) to the responses text. */
  addMockExample(method: string): Promise<void>;
  startMock(): Promise<void>;
  /** Makes the running mock answer the responses as typed now. */
  applyMockResponses(): Promise<void>;
  stopMock(): Promise<void>;
  clearMockCalls(): void;
  /** Opens a workspace mock file's text into the responses (refused while they hold unsaved changes); undefined: no file. */
  openMockFile(name: string | undefined): void;
  setMockSaveName(name: string): void;
  /** Writes the responses to `mocks/<Save as>.ferry-mock.json`; `overwrite` saves over a file changed on disk. */
  saveMockFile(overwrite?: boolean): Promise<void>;
  deleteMockFile(): Promise<void>;
  /**
   * Adds a tab's finished unary or server-stream call to the responses (mock-recording.ts): a case answering
   * what it answered (a unary response as shown, `responseJson`; a stream's messages; the error status with
   * its details) to a request like the one it sent. A running mock answers so at once. Answers what it did, in words.
   */
  recordToMock(tabId: string, responseJson?: string): Promise<{ ok: boolean; text: string }>;
  /** Follows the workspace's mock files after a reload: the open file changed on disk is taken, unless the box has changes. */
  mockFilesChanged(mocks: readonly WorkspaceMock[]): Promise<void>;
}

/** Whether the responses box holds text that no file has (typed, or changed since opened or saved). */
export function mockResponsesUnsaved(mock: MockState): boolean {
  return mock.file ? mock.responses !== mock.file.text : mock.responses.trim() !== '';
}


export function createMockSlice({ api, nextId }: SliceContext): StateCreator<FerryState, [], [], MockSlice> {
  return (set, get) => {
    const patch = (next: Partial<MockState>) => set((s) => ({ mock: { ...s.mock, ...next } }));
    let timer: ReturnType<typeof setInterval> | undefined;

    async function readCalls(mockId: string): Promise<void> {
      const page = await api.mockCalls(mockId, get().mock.lastSeq);
      const mock = get().mock;
      if (!page.ok || mock.mockId !== mockId || page.value.calls.length === 0) return;
      // A slower answer may come after a later one: only calls past the last seen are new.
      const fresh = page.value.calls.filter((call) => call.seq > mock.lastSeq);
      if (fresh.length === 0) return;
      patch({ calls: [...mock.calls, ...fresh].slice(-MOCK_CALLS_KEPT), lastSeq: fresh.at(-1)!.seq, missed: mock.missed + page.value.missed });
    }

    function stopReading(): void {
      clearInterval(timer);
      timer = undefined;
    }

    return {
      mock: { port: '', responses: '', web: false, passthrough: false, record: false, saveName: '', status: 'stopped', calls: [], lastSeq: 0, missed: 0 },

      setMockPort: (port) => patch({ port }),
      setMockResponses: (responses) => patch({ responses }),
      setMockWeb: (web) => patch({ web }),
      setMockPassthrough: (passthrough) => patch({ passthrough }),
      setMockRecord: (record) => patch({ record }),

      async addMockExample(fullName) {
        const info = get().connection.info;
        const method = get().findMethod(fullName);
        if (!info || !method) return;
        const template = await api.getMessageTemplate(info.connectionId, method.responseType);
        get().noteBackend(template);
        if (!template.ok) return patch({ error: describeFerryError(template.error) });
        const added = withExampleResponse(get().mock.responses, method, template.value.example);
        patch(added.ok ? { responses: added.text, error: undefined } : { error: added.message });
      },

      async startMock() {
        const { mock, connection } = get();
        if (mock.status !== 'stopped') return;
        const port = mock.port.trim() === '' ? 0 : wholeNumberIn(mock.port, 0, 65535);
        if (port === null || port === undefined) return patch({ error: 'Port: a whole number from 0 to 65535, or empty for any free port.' });
        if (!connection.info) return patch({ error: 'Connect first: the mock serves the schema of the open connection.' });
        const recording = mock.passthrough && mock.record;
        if (recording && (!mock.file || mockResponsesUnsaved(mock))) return patch({ error: 'Recording writes into the responses file: save the responses to one first (Save responses), then start.' });
        const mockId = nextId('mock');
        patch({ status: 'starting', mockId, error: undefined });
        const result = await api.startMock({ mockId, connectionId: connection.info.connectionId, port, ...(mock.web && { web: true }), ...(mock.passthrough && { passthrough: true }), ...(recording && mock.file && { record: mock.file.name }), ...(mock.responses.trim() !== '' && { responses: mock.responses }) });
        get().noteBackend(result);
        if (!result.ok) return patch({ status: 'stopped', mockId: undefined, error: describeFerryError(result.error) });
        patch({ status: 'running', started: result.value, serving: connection.info.target, applied: mock.responses, calls: [], lastSeq: 0, missed: 0 });
        timer = setInterval(() => void readCalls(mockId), CALLS_MS);
      },

      async applyMockResponses() {
        const { mockId, responses, status } = get().mock;
        if (status !== 'running' || mockId === undefined) return;
        const result = await api.setMockResponses(mockId, responses);
        get().noteBackend(result);
        patch(result.ok ? { applied: responses, error: undefined } : { error: `${describeFerryError(result.error)} (the mock answers as before)` });
      },

      async stopMock() {
        const { mockId, status } = get().mock;
        if (status !== 'running' || mockId === undefined) return;
        stopReading();
        await readCalls(mockId);
        const result = await api.stopMock(mockId);
        get().noteBackend(result);
        patch({ status: 'stopped', mockId: undefined, started: undefined, applied: undefined, ...(!result.ok && { error: describeFerryError(result.error) }) });
      },

      clearMockCalls: () => patch({ calls: [], missed: 0 }),

      openMockFile(name) {
        const mock = get().mock;
        if (name === mock.file?.name) return;
        if (name === undefined) return patch({ file: undefined, fileNotice: undefined });
        const found = get().workspace.snapshot?.mocks.find((entry) => entry.name === name);
        if (!found) return;
        if (mockResponsesUnsaved(mock)) return patch({ error: `The responses have changes no file holds: save them (or clear the box) before opening ${mockFilePath(name)}.` });
        patch({ responses: found.text, file: { name, text: found.text, stamp: found.stamp }, saveName: name, error: undefined, saveConflict: undefined, fileNotice: undefined });
      },

      setMockSaveName: (saveName) => patch({ saveName, saveConflict: undefined }),

      async saveMockFile(overwrite) {
        const { saveName, responses, file } = get().mock;
        const name = saveName.trim();
        if (name === '') return patch({ error: 'Save as: name the file (it is saved as mocks/<name>.ferry-mock.json).' });
        const expected = overwrite ? { overwrite: true } : name === file?.name ? { expectedHash: file.stamp.hash } : {};
        const result = await api.saveMock(name, responses, expected);
        get().noteBackend(result);
        if (!result.ok) return patch({ error: describeFerryError(result.error), saveConflict: result.error.code === 'CONFLICT', fileNotice: undefined });
        patch({ file: { name, text: responses, stamp: result.value }, saveName: name, error: undefined, saveConflict: undefined, fileNotice: `Saved ${mockFilePath(name)}.` });
      },

      async deleteMockFile() {
        const file = get().mock.file;
        if (!file) return;
        const result = await api.deleteMock(file.name);
        get().noteBackend(result);
        // The text stays in the box, no longer any file's: a delete by mistake is one Save away from undone.
        patch(result.ok ? { file: undefined, fileNotice: `Deleted ${mockFilePath(file.name)}; its responses stay here until saved again.` } : { error: describeFerryError(result.error) });
      },

      async recordToMock(tabId, responseJson) {
        const tab = get().tabs.find((entry) => entry.id === tabId);
        const session = tab?.callId === undefined ? undefined : get().sessions[tab.callId];
        if (!tab?.method || !session?.ended) return { ok: false, text: 'Add to mock takes a finished call.' };
        const recorded = await recordedAnswer(api, { callId: session.callId, kind: tab.method.kind, status: session.status, received: session.receivedCount }, responseJson);
        if (!recorded.ok) return recorded;
        const sent = await api.getMessage(session.callId, 'sent', 0);
        get().noteBackend(sent);
        if (!sent.ok) return { ok: false, text: `The request of this call is no longer kept: ${describeFerryError(sent.error)}` };
        const key = tab.method.path.slice(1);
        const added = withRecordedCase(get().mock.responses, key, parseJson(sent.value.json), recorded.answer);
        if (!added.ok) return { ok: false, text: added.message };
        patch({ responses: added.text, error: undefined });
        if (get().mock.status === 'running') await get().applyMockResponses();
        const running = get().mock.status === 'running' && get().mock.applied === added.text;
        return { ok: true, text: `Added to the mock's responses for ${key}${running ? ', which the running mock now answers' : ''}: Mock server, in the workspace panel.` };
      },

      async mockFilesChanged(mocks) {
        const mock = get().mock;
        if (!mock.file) return;
        const now = mocks.find((entry) => entry.name === mock.file!.name);
        if (!now) return patch({ file: undefined, fileNotice: `${mockFilePath(mock.file.name)} is gone from the workspace; its responses stay here.` });
        if (now.stamp.hash === mock.file.stamp.hash) return;
        if (mockResponsesUnsaved(mock)) return patch({ fileNotice: `${mockFilePath(now.name)} changed on disk; the box keeps your changes (Save asks before writing over it).` });
        patch({ responses: now.text, file: { name: now.name, text: now.text, stamp: now.stamp }, fileNotice: `${mockFilePath(now.name)} changed on disk: read again.` });
        // A running mock answers from the file as it is now, as ferry mock reads its file again.
        if (get().mock.status === 'running') await get().applyMockResponses();
      },
    };
  };
}
