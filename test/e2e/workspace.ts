// The panels' work as the page keeps it in the data folder (the workspace).
import { expect, type Page } from '@playwright/test'

/** Every change of the panels is stored (the workspace saves a moment after the last change). */
export async function saved(page: Page): Promise<void> {
  await expect(page.getByTestId('workspace-state')).toHaveAttribute('data-pending', '0')
  await expect(page.getByTestId('workspace-state')).toHaveAttribute('data-ready', 'true')
}
