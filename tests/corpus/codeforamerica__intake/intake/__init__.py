
default_app_config = 'intake.apps.IntakeConfig'
