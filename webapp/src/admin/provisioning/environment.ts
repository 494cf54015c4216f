// The environment lines the bridge needs after provisioning, as one copyable block.

export interface BridgeEnvironmentInput {
  siteUrl: string;
  botToken: string;
  bridgeUrl: string | undefined;
}

export function bridgeEnvironment({
  siteUrl,
  botToken,
  bridgeUrl,
}: BridgeEnvironmentInput): string {
  return [
    `MATTERMOST_URL=${siteUrl}`,
    `MATTERMOST_BOT_TOKEN=${botToken}`,
    bridgeUrl
      ? `BRIDGE_PUBLIC_URL=${bridgeUrl}`
      : '# BRIDGE_PUBLIC_URL=<the bridge URL: save it in the Bridge URL setting>',
  ].join('\n');
}
