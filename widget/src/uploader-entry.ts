/** The uploader, loaded the first time a visitor picks, drops or pastes a file (its own size budget). */
import { ParleyUploader } from './components/uploader/uploader.js';
import { define } from './define.js';

define('parley-uploader', ParleyUploader);
