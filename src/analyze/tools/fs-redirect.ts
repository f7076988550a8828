/** Output redirections as file writes (to be refined by the fs model). */
import type { Action } from '../types.js';
import type { Redirect, ToolContext } from '../model.js';

/** Actions for a command's output redirections (`> file`, `>> file`, `&> /dev/sda`). */
export function redirectActions(redirects: readonly Redirect[], ctx: ToolContext): Action[] {
  void ctx;
  void redirects;
  return [];
}
