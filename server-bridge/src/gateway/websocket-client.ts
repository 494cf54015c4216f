import mattermostClient from '@mattermost/client';

/** The official WebSocket client, handed to the live layer: only the gateway imports the client package. */
export const { WebSocketClient } = mattermostClient;
