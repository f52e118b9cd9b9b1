/** The longest reason Maestro keeps (its API refuses longer ones). */
const MAX_REASON = 2000;

/**
 * The reason a template's write carries into Maestro's history: the template and the task that ran it
 * (`Software template template:default/new-service, task 1b2c…`), then the reason the template gave, if any.
 */
export function templateRunReason(
  ctx: { templateInfo?: { entityRef: string }; task: { id: string } },
  given?: string,
): string {
  const template = ctx.templateInfo?.entityRef ?? 'template (unknown)';
  const run = `Software template ${template}, task ${ctx.task.id}`;
  return (given ? `${run}: ${given}` : run).slice(0, MAX_REASON);
}
