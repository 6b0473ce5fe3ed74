import { error } from '@sveltejs/kit';
import { submissionBytes } from '$lib/server/submissions';
import { serverCaller } from '$lib/server/trpc/caller';
import type { RequestHandler } from './$types';

/** A submission's file as it was handed in (the reviewer's "download"; a branch: its own only). */
export const GET: RequestHandler = async (event) => {
	const id = Number(event.params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, 'no such submission');
	// The procedure checks the role and the branch (and answers 404 for an unknown id).
	const { submission } = await serverCaller(event).cycle.submission({ id });
	const bytes = (await submissionBytes(event.locals.store.db, id))!;
	return new Response(bytes, {
		headers: {
			'content-type': 'application/octet-stream',
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(submission.fileName)}`,
			'cache-control': 'no-store'
		}
	});
};
