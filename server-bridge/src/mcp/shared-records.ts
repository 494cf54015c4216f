import { McpServer } from '@modelcontextprotocol/server';

/**
 * Where `McpServer` keeps what is registered with it, and the steps its `register*` methods take
 * around a record. The bridge builds a record once, with the SDK's own code, on a host that is no
 * server (`recordHost`), and puts that record on every session's server (`serverRecords`): the SDK
 * then lists, validates, reads and calls it as one it registered itself. A record shared this way
 * holds nothing of a session or a user; what a session needs it finds through the request.
 */
interface RecordMaps {
  _registeredTools: Record<string, unknown>;
  _registeredResources: Record<string, unknown>;
  _registeredResourceTemplates: Record<string, unknown>;
  _registeredPrompts: Record<string, unknown>;
  _toolInputSchemaJson: Record<string, unknown>;
}

interface RecordSteps {
  setToolRequestHandlers(): void;
  setResourceRequestHandlers(): void;
  setPromptRequestHandlers(): void;
  setCompletionRequestHandler(): void;
}

/** A host for the SDK's `register*` methods: it keeps the record and starts nothing. */
export function recordHost(): McpServer {
  const sdk = McpServer.prototype as unknown as Record<string, unknown>;
  const nothing = () => undefined;
  const host = {
    _registeredTools: {},
    _registeredResources: {},
    _registeredResourceTemplates: {},
    _registeredPrompts: {},
    _toolInputSchemaJson: {},
    setToolRequestHandlers: nothing,
    setResourceRequestHandlers: nothing,
    setPromptRequestHandlers: nothing,
    setCompletionRequestHandler: nothing,
    sendToolListChanged: nothing,
    sendResourceListChanged: nothing,
    sendPromptListChanged: nothing,
  };
  // The SDK's own methods, run on the host: the records are exactly those it would make.
  return Object.assign(Object.create(sdk) as object, host) as unknown as McpServer;
}

/** A session server's record maps, and the request handlers the SDK sets up when it registers. */
export function serverRecords(server: McpServer): RecordMaps & RecordSteps {
  return server as unknown as RecordMaps & RecordSteps;
}
