import { defineExpression } from '../context';
import { noContainer } from './shared';

const IMAGE = 'c.image.trim()';
const PINNED =
  `(!has(c.image) || ${IMAGE} == '' || ${IMAGE}.contains('@') || ` +
  `(${IMAGE}.lastIndexOf(':') > ${IMAGE}.lastIndexOf('/') && ${IMAGE}.substring(${IMAGE}.lastIndexOf(':') + 1) != 'latest'))`;

/** image-tag-pinned (warning): every image names a digest or a tag other than latest. */
export const imageTagPinnedCel = defineExpression('image-tag-pinned', () =>
  noContainer(`!${PINNED}`, `'must pin image "' + c.image + '" to a digest or a version tag'`),
);
