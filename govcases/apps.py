from axes.apps import AppConfig as AxesConfig


class LoginLockoutConfig(AxesConfig):
    """django-axes under a Chinese name in the admin (its models' and fields' names
    are translated in locale/)."""

    verbose_name = "登录锁定"
