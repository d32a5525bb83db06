// A .svelte component as the TypeScript that other modules see of it: its <script module> in
// full (what it exports) and the import declarations of its instance <script>. The layering
// and dead-code checks read this instead of the component: svelte's compiler output has lost
// the type-only imports, and a regex over the source is fooled by a "/*" inside a comment.
// svelte's own parser finds the blocks.

import { parse } from 'svelte/compiler'

export function svelteAsTypeScript(source: string, filename?: string): string {
  const ast = parse(source, { modern: true, filename })
  const parts: string[] = []
  if (ast.module) parts.push(source.slice(startOf(ast.module.content), endOf(ast.module.content)))
  // The instance script's own exports are component props and methods, not module exports.
  for (const node of ast.instance?.content.body ?? []) if (node.type === 'ImportDeclaration') parts.push(source.slice(startOf(node), endOf(node)))
  return parts.join('\n')
}

// svelte's AST nodes carry source offsets that estree's types do not declare.
const startOf = (node: object): number => (node as { start: number }).start
const endOf = (node: object): number => (node as { end: number }).end
