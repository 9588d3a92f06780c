import { poolKey, type ChannelPool, type ConnectionOptions } from './channels';

/**
 * Reference counts on pooled channels: every open connection and every running call holds its channel, and
 * the last one to let go closes it, so closing a connection frees its socket once no call needs it.
 */
export interface ChannelUsers {
  hold(target: string, options: ConnectionOptions): void;
  letGo(target: string, options: ConnectionOptions): void;
}

export function createChannelUsers(pool: ChannelPool): ChannelUsers {
  const counts = new Map<string, number>();
  return {
    hold(target, options) {
      const key = poolKey(target.trim(), options);
      counts.set(key, (counts.get(key) ?? 0) + 1);
    },
    letGo(target, options) {
      const key = poolKey(target.trim(), options);
      const left = (counts.get(key) ?? 1) - 1;
      if (left > 0) return void counts.set(key, left);
      counts.delete(key);
      pool.release(target, options);
    },
  };
}
