// User groups as Mattermost keeps them: custom groups (made by users on a licensed server) and
// groups synchronised from LDAP (linked by an admin to teams and channels).

export type GroupSource = 'custom' | 'ldap';

export interface Group {
  id: string;
  name: string;
  display_name: string;
  description: string;
  source: GroupSource;
  remote_id: string | null;
  create_at: number;
  update_at: number;
  delete_at: number;
  has_syncables: boolean;
  allow_reference: boolean;
  creator_id: string;
}

export interface GroupMember {
  group_id: string;
  user_id: string;
  create_at: number;
  delete_at: number;
}

/** A group linked to a team or channel (`GroupTeam` / `GroupChannel` in Mattermost). */
export interface GroupSyncable {
  group_id: string;
  syncable_id: string;
  type: 'team' | 'channel';
  auto_add: boolean;
  scheme_admin: boolean;
  create_at: number;
  update_at: number;
  delete_at: number;
}

/** Installed licence: none on a default server. */
export type LicenseSku = 'professional' | 'enterprise';

export class GroupStore {
  readonly groups = new Map<string, Group>();
  /** group id → user id → membership */
  readonly members = new Map<string, Map<string, GroupMember>>();
  readonly syncables: GroupSyncable[] = [];

  live(): Group[] {
    return [...this.groups.values()].filter((g) => g.delete_at === 0);
  }

  byName(name: string): Group | undefined {
    return this.live().find((g) => g.name === name);
  }

  memberIds(groupId: string): string[] {
    return [...(this.members.get(groupId)?.values() ?? [])]
      .filter((m) => m.delete_at === 0)
      .map((m) => m.user_id);
  }

  isMember(groupId: string, userId: string): boolean {
    const m = this.members.get(groupId)?.get(userId);
    return m !== undefined && m.delete_at === 0;
  }

  addMember(groupId: string, userId: string, at: number): GroupMember {
    let inner = this.members.get(groupId);
    if (!inner) this.members.set(groupId, (inner = new Map()));
    const member = { group_id: groupId, user_id: userId, create_at: at, delete_at: 0 };
    inner.set(userId, member);
    return member;
  }

  linkedTo(type: 'team' | 'channel', syncableId: string): GroupSyncable[] {
    return this.syncables.filter(
      (s) => s.type === type && s.syncable_id === syncableId && s.delete_at === 0,
    );
  }
}
