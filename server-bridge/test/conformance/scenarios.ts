/**
 * The MCP conformance suite's server scenarios (@modelcontextprotocol/conformance), as they apply
 * to the bridge. docs/protocol.md lists the same, for people.
 */
export type SpecVersion = '2025-11-25' | '2026-07-28';

export interface Applicable {
  scenario: string;
  spec: SpecVersion;
  /**
   * Checks of the scenario the suite can only run against its own test server (they need its
   * diagnostic tools): the suite reports them "Not testable" here, with the reason.
   */
  notTestable?: Record<string, string>;
}

/** Scenarios run against the bridge in `make test`; every check must pass. */
export const APPLICABLE: Applicable[] = [
  { scenario: 'server-initialize', spec: '2025-11-25' },
  { scenario: 'server-session-lifecycle', spec: '2025-11-25' },
  { scenario: 'ping', spec: '2025-11-25' },
  { scenario: 'tools-list', spec: '2025-11-25' },
  { scenario: 'prompts-list', spec: '2025-11-25' },
  { scenario: 'resources-list', spec: '2025-11-25' },
  { scenario: 'server-sse-multiple-streams', spec: '2025-11-25' },
  { scenario: 'server-sse-polling', spec: '2025-11-25' },
  { scenario: 'dns-rebinding-protection', spec: '2025-11-25' },
  {
    scenario: 'server-stateless',
    spec: '2026-07-28',
    notTestable: {
      'sep-2575-server-rejects-undeclared-capability':
        'needs the test tool test_missing_capability',
      'sep-2575-missing-capability-http-400': 'needs the test tool test_missing_capability',
      'sep-2575-http-server-no-independent-requests-on-stream':
        'needs the test tool test_streaming_elicitation',
      'sep-2575-server-no-log-without-loglevel': 'needs the test tool test_logging_tool',
    },
  },
  { scenario: 'tools-list', spec: '2026-07-28' },
  { scenario: 'prompts-list', spec: '2026-07-28' },
  { scenario: 'resources-list', spec: '2026-07-28' },
  { scenario: 'caching', spec: '2026-07-28' },
  { scenario: 'http-header-validation', spec: '2026-07-28' },
  { scenario: 'sep-2164-resource-not-found', spec: '2026-07-28' },
  { scenario: 'input-required-result-unsupported-methods', spec: '2026-07-28' },
  { scenario: 'server-sse-multiple-streams', spec: '2026-07-28' },
  { scenario: 'dns-rebinding-protection', spec: '2026-07-28' },
];

const FIXTURE = 'needs a tool, prompt or resource of the suite’s own test server';

/** Server scenarios that do not apply to the bridge, and why. */
export const NOT_APPLICABLE: Record<string, string> = {
  'logging-set-level':
    'the bridge sends no log messages to clients (its log is its own; MCP logging is deprecated in 2026-07-28)',
  'completion-complete': `${FIXTURE} (the prompt test_prompt_with_arguments); completion is covered by the bridge's own scenarios`,
  'resources-subscribe':
    'subscribes to test://watched-resource, a URI the bridge refuses: it follows only its own resources the user may read',
  'resources-unsubscribe': 'subscribes to test://watched-resource first (see resources-subscribe)',
  'tools-call-simple-text': FIXTURE,
  'tools-call-image': FIXTURE,
  'tools-call-audio': FIXTURE,
  'tools-call-embedded-resource': FIXTURE,
  'tools-call-mixed-content': FIXTURE,
  'tools-call-with-logging': FIXTURE,
  'tools-call-error': FIXTURE,
  'tools-call-with-progress': FIXTURE,
  'tools-call-sampling': FIXTURE,
  'tools-call-elicitation': FIXTURE,
  'json-schema-2020-12': FIXTURE,
  'elicitation-sep1034-defaults': FIXTURE,
  'elicitation-sep1330-enums': FIXTURE,
  'resources-read-text': FIXTURE,
  'resources-read-binary': FIXTURE,
  'resources-templates-read': FIXTURE,
  'prompts-get-simple': FIXTURE,
  'prompts-get-with-args': FIXTURE,
  'prompts-get-embedded-resource': FIXTURE,
  'prompts-get-with-image': FIXTURE,
  'http-custom-header-server-validation':
    'needs a tool whose parameters carry x-mcp-header annotations; no bridge tool maps a parameter to a header',
  'input-required-result-basic-elicitation': FIXTURE,
  'input-required-result-basic-sampling': FIXTURE,
  'input-required-result-basic-list-roots': FIXTURE,
  'input-required-result-request-state': FIXTURE,
  'input-required-result-multiple-input-requests': FIXTURE,
  'input-required-result-multi-round': FIXTURE,
  'input-required-result-missing-input-response': FIXTURE,
  'input-required-result-non-tool-request': FIXTURE,
  'input-required-result-result-type': FIXTURE,
  'input-required-result-tampered-state': FIXTURE,
  'input-required-result-capability-check': FIXTURE,
  'input-required-result-ignore-extra-params': FIXTURE,
  'input-required-result-validate-input': FIXTURE,
  'sep-2640-skills-directory': 'an extension (skills) the bridge does not offer',
  'sep-2640-skills-enumeration': 'an extension (skills) the bridge does not offer',
  'sep-2640-skills-manifest': 'an extension (skills) the bridge does not offer',
  'tasks-lifecycle': 'an extension (tasks) the bridge does not offer',
  'tasks-capability-negotiation': 'an extension (tasks) the bridge does not offer',
  'tasks-wire-fields': 'an extension (tasks) the bridge does not offer',
  'tasks-request-state-removal': 'an extension (tasks) the bridge does not offer',
  'tasks-mrtr-input': 'an extension (tasks) the bridge does not offer',
  'tasks-request-headers': 'an extension (tasks) the bridge does not offer',
  'tasks-dispatch-and-envelope': 'an extension (tasks) the bridge does not offer',
  'tasks-status-notifications': 'an extension (tasks) the bridge does not offer',
  'tasks-required-task-error': 'an extension (tasks) the bridge does not offer',
  'tasks-mrtr-composition': 'an extension (tasks) the bridge does not offer',
};
