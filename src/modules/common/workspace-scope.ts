// The condition that confines a query to the caller's workspace, written once: every list and
// every lookup of a workspace's rows (projects, API keys, webhooks, deliveries, events, tokens)
// starts from it, so a narrower rule (e.g. a token restricted to some projects) is added here.
export function inWorkspace(workspaceId: string): { workspace: string } {
  return { workspace: workspaceId };
}
