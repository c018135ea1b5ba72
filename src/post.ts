import * as core from '@actions/core';

export async function post(): Promise<void> {
  core.debug('post: nothing to do yet');
}
