const WORDS: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  ENOSPC: 'no space left on the device',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
};

/**
 * Why a file operation failed, in words ("no such file", "permission denied"), from a Node error's system
 * code; a code without words here is given as it is, and anything else by its message.
 */
export function ioReason(reason: unknown): string {
  const code = typeof reason === 'object' && reason !== null ? (reason as { code?: unknown }).code : undefined;
  if (typeof code === 'string') return WORDS[code] ?? code;
  return reason instanceof Error ? reason.message : String(reason);
}
