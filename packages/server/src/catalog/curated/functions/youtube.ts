import { dropUndefined } from './gmail-message.js';
import { multipart } from './googledrive.js';
import { type CuratedFunction, ToolInputError } from './types.js';

/**
 * A video upload in one request (uploadType=multipart): the video's metadata (snippet and status)
 * as the first part, its bytes base64-encoded as the second, the way Drive uploads work too.
 */
export const uploadVideo: CuratedFunction = async ({ args, api }) => {
  const data = args['video_base64'];
  if (typeof data !== 'string' || !/^[A-Za-z0-9+/=\s_-]+$/.test(data)) throw new ToolInputError('video_base64 must be the video file, base64-encoded');
  const metadata = {
    snippet: dropUndefined({ title: args['title'], description: args['description'], tags: args['tags'], categoryId: args['category_id'] }),
    status: dropUndefined({ privacyStatus: args['privacy_status'], selfDeclaredMadeForKids: args['made_for_kids'] }),
  };
  const { body, contentType } = multipart(metadata, Buffer.from(data, 'base64'), String(args['mime_type']));
  const video = (await api.json({
    method: 'POST',
    path: '/upload/youtube/v3/videos',
    query: { uploadType: 'multipart', part: 'snippet,status' },
    body,
    contentType,
  })) as { id?: string; snippet?: { title?: string }; status?: { privacyStatus?: string; uploadStatus?: string } };
  return dropUndefined({
    video_id: video.id,
    title: video.snippet?.title,
    privacy_status: video.status?.privacyStatus,
    upload_status: video.status?.uploadStatus,
    url: video.id ? `https://www.youtube.com/watch?v=${video.id}` : undefined,
  });
};
