"""The scormhost app of the real-LMS test, on 127.0.0.1 (``LMS_DATA`` names its folder; never imported here)."""

import os

from scormhost.app import create_scorm_app

app = create_scorm_app(data_dir=os.environ["LMS_DATA"], title="Test LMS", allow_registration=True, require_auth=False)
