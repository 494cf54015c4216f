// The records the simulator keeps, in Mattermost's own JSON shapes (snake_case, times in ms).

export interface User {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  username: string;
  /** Kept in clear: the simulator holds only throwaway test credentials. Never sent out. */
  password: string;
  auth_data: string;
  auth_service: string;
  email: string;
  email_verified: boolean;
  nickname: string;
  first_name: string;
  last_name: string;
  position: string;
  roles: string;
  props: Record<string, string>;
  notify_props: Record<string, string>;
  last_password_update: number;
  last_picture_update: number;
  locale: string;
  timezone: { useAutomaticTimezone: string; automaticTimezone: string; manualTimezone: string };
  mfa_active: boolean;
  is_bot: boolean;
  bot_description: string;
  last_activity_at: number;
  disable_welcome_email: boolean;
}

export type SessionKind = 'login' | 'access_token' | 'oauth';

export interface Session {
  id: string;
  token: string;
  user_id: string;
  create_at: number;
  expires_at: number;
  last_activity_at: number;
  roles: string;
  is_oauth: boolean;
  props: Record<string, string>;
  csrf_token: string;
  kind: SessionKind;
  /** For `access_token` sessions: the personal access token's id. */
  access_token_id?: string;
}

export interface AccessToken {
  id: string;
  token: string;
  user_id: string;
  description: string;
  is_active: boolean;
  create_at: number;
  /** When the token stops working (ms); 0: never. */
  expires_at: number;
}

export interface Bot {
  user_id: string;
  username: string;
  display_name: string;
  description: string;
  owner_id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
}

/** An invitation to a team (and some of its channels) sent by email (`POST /teams/{id}/invite/email`). */
export interface EmailInvite {
  email: string;
  team_id: string;
  channel_ids: string[];
  sender_id: string;
  message: string;
  create_at: number;
}

export interface Team {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  display_name: string;
  name: string;
  description: string;
  email: string;
  type: 'O' | 'I';
  company_name: string;
  allowed_domains: string;
  invite_id: string;
  allow_open_invite: boolean;
  scheme_id: string;
  group_constrained: boolean;
  policy_id: string | null;
  last_team_icon_update: number;
}

export interface TeamMember {
  team_id: string;
  user_id: string;
  roles: string;
  delete_at: number;
  scheme_admin: boolean;
  scheme_guest: boolean;
  scheme_user: boolean;
  explicit_roles: string;
  create_at: number;
}

export type ChannelType = 'O' | 'P' | 'D' | 'G';

export interface Channel {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  team_id: string;
  type: ChannelType;
  display_name: string;
  name: string;
  header: string;
  purpose: string;
  last_post_at: number;
  last_root_post_at: number;
  total_msg_count: number;
  total_msg_count_root: number;
  extra_update_at: number;
  creator_id: string;
  scheme_id: string | null;
  props: Record<string, unknown> | null;
  group_constrained: boolean | null;
  shared: boolean | null;
  policy_id: string | null;
}

export interface ChannelMember {
  channel_id: string;
  user_id: string;
  roles: string;
  last_viewed_at: number;
  msg_count: number;
  msg_count_root: number;
  mention_count: number;
  mention_count_root: number;
  urgent_mention_count: number;
  notify_props: Record<string, string>;
  last_update_at: number;
  scheme_guest: boolean;
  scheme_user: boolean;
  scheme_admin: boolean;
  explicit_roles: string;
}

export interface Post {
  id: string;
  create_at: number;
  update_at: number;
  edit_at: number;
  delete_at: number;
  is_pinned: boolean;
  user_id: string;
  channel_id: string;
  root_id: string;
  original_id: string;
  message: string;
  type: string;
  props: Record<string, unknown>;
  hashtags: string;
  pending_post_id: string;
  file_ids: string[];
  remote_id: string;
  /** Thread fields, meaningful on root posts. */
  reply_count: number;
  last_reply_at: number;
  participants: string[];
  priority?: { priority: string; requested_ack: boolean; persistent_notifications: boolean };
}

export interface Reaction {
  user_id: string;
  post_id: string;
  emoji_name: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  remote_id: string;
  channel_id: string;
}

export interface Acknowledgement {
  user_id: string;
  post_id: string;
  acknowledged_at: number;
  channel_id: string;
}

/** One user's state in one thread (Mattermost's ThreadMembership). */
export interface ThreadMembership {
  post_id: string;
  user_id: string;
  following: boolean;
  last_viewed: number;
  last_updated: number;
  unread_mentions: number;
}

export interface Preference {
  user_id: string;
  category: string;
  name: string;
  value: string;
}

export interface Status {
  user_id: string;
  status: 'online' | 'away' | 'dnd' | 'offline';
  manual: boolean;
  last_activity_at: number;
  /** Seconds, as Mattermost sends it. 0 when not set. */
  dnd_end_time: number;
  prev_status: string;
}

export interface FileRecord {
  id: string;
  user_id: string;
  post_id: string;
  channel_id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  name: string;
  extension: string;
  size: number;
  mime_type: string;
  width?: number;
  height?: number;
  has_preview_image?: boolean;
  data: Buffer;
}

export interface Bookmark {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  channel_id: string;
  owner_id: string;
  file_id: string;
  display_name: string;
  sort_order: number;
  link_url: string;
  image_url: string;
  emoji: string;
  type: 'link' | 'file';
  original_id: string;
  parent_id: string;
}

export interface ScheduledPost {
  id: string;
  create_at: number;
  update_at: number;
  user_id: string;
  channel_id: string;
  root_id: string;
  message: string;
  props: Record<string, unknown>;
  file_ids: string[];
  priority?: Post['priority'];
  scheduled_at: number;
  processed_at: number;
  error_code: string;
}

export interface OAuthApp {
  id: string;
  creator_id: string;
  create_at: number;
  update_at: number;
  client_secret: string;
  name: string;
  description: string;
  icon_url: string;
  callback_urls: string[];
  homepage: string;
  is_trusted: boolean;
}

export interface OAuthCode {
  code: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  scope: string;
  state: string;
  expires_at: number;
}

/** An OAuth access grant: the access token is a session, the refresh token renews it. */
export interface OAuthGrant {
  client_id: string;
  user_id: string;
  token: string;
  refresh_token: string;
  expires_at: number;
  scope: string;
}

/** A custom emoji (the image itself is not kept: nothing in the simulator serves it). */
export interface CustomEmoji {
  id: string;
  creator_id: string;
  name: string;
  create_at: number;
  update_at: number;
  delete_at: number;
}

/** A custom sidebar category a user made in a team (Favorites, Channels and Direct Messages are derived). */
export interface SidebarCategory {
  id: string;
  user_id: string;
  team_id: string;
  display_name: string;
  /** Newest first in the sidebar; the order they were made in. */
  create_at: number;
  sorting: '' | 'alpha' | 'recent' | 'manual';
  muted: boolean;
  collapsed: boolean;
  channel_ids: string[];
}

/** A custom profile attribute field (Mattermost's `PropertyField` of the CPA group). */
export interface ProfileField {
  id: string;
  group_id: string;
  name: string;
  type: 'text' | 'select' | 'multiselect' | 'date' | 'user' | 'multiuser';
  attrs: {
    sort_order: number;
    visibility: 'when_set' | 'always' | 'hidden';
    value_type?: '' | 'email' | 'url' | 'phone';
    managed?: '' | 'admin';
    options?: { id: string; name: string; color?: string }[];
  };
  target_id: string;
  target_type: string;
  create_at: number;
  update_at: number;
  delete_at: number;
}

/** A profile attribute's value: text, an option id, option ids, a user id... */
export type ProfileValue = string | string[];
